"""Texts of the seed documents, as published by the regions (whitespace tidied)."""

BAGINDA_GOALS = """\
1. Meningkatkan aparatur negara dalam melaksanakan tugas dan fungsinya;
2. Menemukan dan mengimplementasikan suatu inovasi di kalangan instansi pemerintah.
"""

BAGINDA_BENEFITS = """\
Tersedianya wadah bagi para pemburu ide inovasi di instansi untuk menyalurkan ide kreatif dalam membangun sebuah perubahan di sektor publik
"""

BAGINDA_RESULTS = """\
Hasil Inovasi BAGINDA MADINA:

1. Terjadi peningkatan inovasi dari tahun 2021 sebanyak 15 Inovasi dan di Tahun 2022 sebanyak 104 Inovasi

2. Terjadi Peningkatan OPD yang berinovasi dari tahun 2021 sebanyak 12 OPD dan di Tahun 2021 sebanyak 49 OPD
"""

BAGINDA_DESIGN = """\
Peningkatan kualitas pelayanan kepada masyarakat butuh inovasi yang terus berkembang. Untuk itu, lahirnya inovasi perlu terus didorong utamanya di tingkat birokrat sesuai dengan amanat undang-undang nomor 23 tahun 2014 tentang Pemerintahan Daerah. Salah satu hal yang dinilai untuk mendapatkan intensif daerah yaitu inovasi di daerah. Karenanya perlu mendorong birokrat, perguruan tinggi, pengusaha serta komunitas-komunitas agar bisa berpikir inovatif.

Salah satu upaya untuk meningkatkan inovasi terutama di tingkat birokrat adalah dengan membentuk BAGINDA MADINA (Bagas Data Inovasi Daerah Mandailing Natal) yang perannya sama dengan Laboratorium Inovasi di tingkat pusat atau daerah lainnya, yaitu sebagai satu tempat dikumpulkannya inovasi-inovasi yang ada di Kabupaten Mandailing Natal. Sesuai dengan Peraturan Pemerintah Nomor 38 Tahun 2017 Tentang Inovasi Daerah, bentuk inovasi daerah itu terdiri dari Inovasi Tata Kelola Pemerintahan (inovasi tata laksana internal, fungsi manajemen, dan pengelolaan unsur manajemen), Inovasi Pelayanan Publik (inovasi proses pemberian layanan barang/jasa public) dan inovasi dalam bentuk lainnya (inovasi dalam penyelengaraan urusan pemerintahan yang menjadi kewenangan daerah).

BAGINDA MADINA terbentuk karena inovasi merupakan hal penting dalam reformasi birokrasi. Hal ini sesuai dengan pesan Presiden Joko Widodo yang meminta reformasi birokrasi dilakukan dengan bekerja tidak menggunakan cara biasa atau menggagas terobosan baru, sesuai dengan ungkapan bahwa majunya suatu bangsa sangat ditentukan oleh inovasi yang dilakukan bangsa tersebut, yang berarti bahwa majunya Kabupaten Mandailing Natal sangat ditentukan oleh inovasi yang dilakukan di Kabupaten Mandailing Natal.

Melalui BAGINDA MADINA, Pemerintah Kabupaten Mandailing Natal berencana menghasilkan inovasi di berbagai bidang, yang bertujuan memberikan pelayanan maksimal bagi masyarakat. Untuk itu dilakukan kerjasama dengan Lembaga Administrasi Negara (LAN-RI) dengan membentuk laboratorium inovasi (labinov) madina yang diberi nama BAGINDA MADINA. Pemda Madina berharap kepada pihak LAN RI untuk dapat melakukan pendampingan kepada Pemerintah Kabupaten Mandailing Natal agar inovasi yang dihasilkan dari setiap OPD harus bisa memberikan dampak yang berkelanjutan khususnya di bidang pelayanan kepada masyarakat dan inovasi yang dihasilkan tersebut tidak sekadar seremonial. Pendampingan ini terdiri dari tahapan 5D + 1 yaitu: Drump Up, Diagnose, Design, Deliver, Display dan Documentation.
"""

LOIB_GOALS = """\
1. Agar Instansi pemerintah (Perangkat Daerah dan Puskesmas) menetapkan 2 (dua) orang Fasilitator Inovasi pada Instansi masing-masing, yang merupakan PNS dan dapat bekerja mandiri dan berkelompok dan menjadi penggerak inovasi pada instansi masing-masing.
2. Fasilitator Inovasi Instansi Pemerintah diperlengkapi melalui workshop inovasi, pertemuan fasilitator, desk inovasi dan ruang diskusi rutin inovasi dengan materi terkait Learning Organization dan Laboratorium Inovasi serta Sosialisasi Penerapan Aplikasi Karo Erlajar sebagai media pembelajaran inovasi.
3. Fasilitator inovasi dan Tim Inovasi merancang minimal 1 (satu) design inovasi, SK Tim Inovasi dan Kontrak Kinerja Kepala Instansi dan Bupati Karo, melaksanakan dan menerapkannya pada tahun berjalan untuk dapat diusulkan pada tahun berikutnya.
4. Ruang diskusi antara Bappeda dan Instansi Pemerintah terkait permasalahan yang dihadapi dalam melaksanaan dan menerapkan inovasi tahun berjalan yang sudah dirancang, sehingga permasalahan Perangkat Daerah dan Puskesmas dalam berinovasi dapat difasilitasi oleh Bappeda, dan ada solusi.
"""

LOIB_BENEFITS = """\
1. Meningkatkan kualitas dan kuantitas usulan inovasi daerah Kabupaten Karo ke IGA Kemendagri dan Lomba Inovasi Provinsi Sumatera Utara serta kompetisi inovasi lainnya
2. Mengejar pencapaian target menjadi Kabupaten Sangat Inovatif dan Terinovatif di Indonesia
3. Meningkatkan Indeks Daya Saing Kabupaten Karo
4. Meningkatkan kesejahteraan masyarakat Kabupaten Karo
5. Meningkatnya pemberdayaan masyarakat Kabupaten Karo
"""

LOIB_RESULTS = """\
Serangkaian aktivitas learning organization dan laboratorium inovasi
"""

LOIB_DESIGN = """\
Learning Organizations Innovation Based adalah penerapan learning organization atau pembelajaran bersama organisasi pada instansi pemerintah (perangkat daerah dan Puskesmas) untuk menghasilkan inovasi dalam rangka memenuhi amanat Peraturan Bupati Karo Nomor 30 Tahun 2019 tentang Gerakan Satu Instansi Pemerintah Satu Inovasi Setiap Tahun. Selanjutnya untuk memenuhi amanat Peraturan Daerah Nomor 07 Tahun 2022 tentang Inovasi Daerah sudah ditetapkan pada tanggal 23 Juni 2022.

Seperti yang dikatakan Peter Senge (1990), "learning organization adalah tempat di mana orang secara terus menerus mengembangkan kapasitas mereka untuk menciptakan hasil yang benar-benar mereka inginkan, di mana pola berpikir yang baru dan ekspansif dipupuk, di mana aspirasi kolektif dibebaskan, dan tempat orang-orang terus menerus belajar bagaimana belajar bersama."

Dalam melaksanakan inovasi instansi pemerintah atau fasilitator inovasi dan Tim pengelola inovasi instansi yang sudah ditetapkan baik dengan SK Kepala Perangkat Daerah, SK Sekda ataupun SK Bupati, sering mengalami kendala dalam melaksanakan dan menerapkan inovasinya. Untuk mengatasi kendala atau permasalahan tersebut maka Bappedalitbang Kabupaten Karo yang memiliki tupoksi menyelenggarakan kegiatan inovasi daerah tingkat kabupaten menciptakan inovasi “learning organization innovation based”. Learning organization innovation based terdiri dari beberapa tahapan yaitu:

1. Menetapkan 2 (dua) orang Fasilitator pada setiap instansi oleh Kepala Instansi sebagai penghubung instansi dan Bappedalitbang. Fasilitator inovasi wajib menjadi bagian Tim pengelola inovasi instansi.
2. Tim pengelola inovasi instansi melaksanakan learning organization di instansinya dalam melaksanakan dan menerapkan inovasi.
3. Worshop Inovasi terkait materi laboratorium inovasi (berinovasi 5 D (Drump Up, Diagnosis, Design, Delivery, Display) dan learning organization.
4. Pertemuan Fasilitator Inovasi, membahas indikator-indikator satuan inovasi instansi.
5. Launching Inovasi, penandatanganan kontrak kerja pelaksanaan inovasi instansi pada tahun berjalan serta pemberian penghargaan inovasi berupa tropi dan sertifikat kepada instansi yang sudah diterapkan dan sudah diusulkan ke aplikasi IGA (Innovative Government Award).
6. Desk Inovasi, pembahasan terkait narasi yang dientry dan dokumen pendukung yang akan diupload ke aplikasi Sinovda dan IGA.
7. Ruang Diskusi Rutin Inovasi, diselanggarakan setiap hari pada jam kerja. Ruang Diskusi Rutin diselenggarakan setelah instansi menyampaikan permohonan dan diselenggarakan ketika kedua belah pihak instansi dan Bappedalitbang sepakat waktunya. Ruang diskusi rutin inovasi merupakan ruang diskusi untuk mengatasi kendala atau permasalahan yang dialami instansi dalam melaksanakan dan menerapkan inovasinya. Permasalahan atau kendala yang dialami instansi, bisa terjadi sewaktu-waktu, sehingga dianggap sangat dibutuhkan ruang diskusi rutin inovasi sebagai medianya.

Tahapan pelaksanaan “Learning Organizations Innovation Based” adalah sebagai berikut:

1. Perangkat Daerah menentukan dan mengirimkan 2 (dua) orang yang sudah ditetapkan menjadi fasilitator inovasi untuk mengikuti workshop Fasilitator Inovasi. Fasilitator Inovasi tersebut merupakan seseorang yang mampu bekerja secara individual maupun tim (team work), yang dapat berperan aktif sebagai ahli/ujung tombak dalam keberhasilan seluruh proses atau struktur dalam mengelola dan memfasilitasi penyelenggaraan learning organization dan laboratorium inovasi di Perangkat Daerah dan Puskesmas, yang menghasilkan output Inovasi Perangkat Daerah dan Puskesmas.
2. Instansi (Perangkat Daerah dan Puskesmas) menyusun dan menetapkan Tim dan Pengelola Inovasi Perangkat Daerah dan Puskesmas, dimana fasilitator Inovasi wajib masuk menjadi tim dan pengelola Inovasi Perangkat Daerah dan Puskesmas. Tim dan Pengelola Inovasi Perangkat Daerah dan Puskesmas merupakan kelompok pembelajaran Perangkat Daerah dan Puskesmas yang berbasis inovasi. Tim dan Pengelola Inovasi Perangkat Daerah dan Puskesmas terus belajar terkait inovasi yang akan dikembangkan dan dilaksanakan melalui berbagai sumber atau literatur.
3. Perangkat Daerah dan Puskesmas menyusun (D3=Desain) Inovasi dan lembar perjanjian kinerja dengan Kepala Daerah dan menyerahkannya ke Tim Pengelola ruang diskusi rutin inovasi “Learning Organizations Innovation Based” di Bappeda. Ditandatangani pada saat Launching Inovasi.
4. Setelah lembar perjanjian kinerja ditandatangani Bupati, maka Perangkat Daerah dan Puskesmas dapat mulai melaksanakan inovasi atau masuk tahap “D4=Deliver” inovasi.
5. Namun demikian, dalam pelaksanaannya Tim dan Pengelola Inovasi Perangkat Daerah dan Puskesmas mengalami kendala dalam melaksanakan tugasnya, untuk itu dapat memanfaatkan inovasi “Ruang Diskusi Rutin Inovasi” yang dikembangkan oleh Bappedalitbang, dengan prosedur sebagai berikut:
1. Membuat Perjanjian dengan Tim Pengelola ruang diskusi rutin inovasi “Learning Organizations Innovation Based” di Bappeda melalui Whatsapp Grup “Learning Organizations Innovation Basedatau melalui google form https://bit.ly/rdrinovasi dengan mengupload Form Isian sebelum pelaksanaan ruang diskusi rutin inovasi.
2. Mengisi Form sebagai bahan diskusi pada ruang diskusi rutin inovasi “Learning Organizations Innovation Based” di Bappeda, supaya Tim Pengelola ruang diskusi rutin inovasi “Learning Organizations Innovation Based” di Bappeda dapat mempersiapkan bahan yang diperlukan agar pelaksanaan diskusi dapat berjalan dengan lancar dan permasalahan yang dihadapi oleh Perangkat Daerah dan Puskesmas dapat diberikan solusi cara mengatasinya. Form ditandatangani dan distempel oleh kepala instansi.
3. Form isian tersebut akan diteruskan ke Ketua Tim Pengelola ruang diskusi rutin inovasi “Learning Organizations Innovation Based” di Bappeda.
4. Ketua Tim Pengelola ruang diskusi rutin inovasi “Learning Organizations Innovation Based” di Bappeda menunjuk 2 (dua) orang anggota tim yang akan menindaklanjuti form isian.
5. Anggota Tim Pengelola ruang diskusi rutin inovasi “Learning Organizations Innovation Based” di Bappeda mempersiapkan bahan yang diperlukan untuk pelaksanaan ruang diskusi rutin inovasi dan mengkonfirmasi Perangkat Daerah dan Puskesmas yang akan mengikuti ruang diskusi rutin inovasi “Learning Organizations Innovation Based” di Bappeda kerja sebelum pelaksanaan ruang diskusi rutin inovasi “Learning Organizations Innovation Based” di Bappeda, dengan zoom atau Karo Erlajar melalui Whatsapp Grup “Learning Organizations Innovation Based”. jika permasalahan sudah diketahui solusinya.
6. Permasalahan yang tidak dapat diselesaikan, akan menjadi laporan kepada pimpinan dalam hal ini Kepala Bappeda Kabupaten Karo sebagai laporan kepada pimpinan yang lebih tinggi.
7. Perangkat Daerah dan Puskesmas yang mengikuti ruang diskusi rutin inovasi adalah Fasilitator Inovasi dan/atau tanpa perwakilan Tim dan Pengelola Inovasi Perangkat Daerah dan Puskesmas yang lain.
8. Fasilitator Inovasi dan/atau tanpa Perwakilan Tim dan Pengelola Inovasi Perangkat Daerah dan Puskesmas mengisi daftar hadir melalui google form https://bit.ly/absensi_inovasi.
9. Fasilitator Inovasi dan/atau tanpa perwakilan Tim dan Pengelola Inovasi Perangkat Daerah dan Puskesmas menyampaikan permasalahan untuk lebih memperjelas permasalahan yang disampaikan pada form isian sehingga Tim Pengelola ruang diskusi rutin inovasi “Learning Organizations Innovation Based” dan perwakilan Tim dan Pengelola Inovasi Perangkat Daerah dan Puskesmas memiliki persepsi yang sama.
10. Diskusi terkait permasalahan pelaksanaan inovasi yang dihadapi oleh Perangkat Daerah dan Puskesmas.
11. Setelah diskusi selesai, Fasilitator Inovasi menandatangani berita acara atau notulen rapat pelaksanaan ruang diskusi rutin inovasi “Learning Organizations Innovation Based” di Bappedalitbang rangkap dua, dimana satu untuk perwakilan Tim dan Pengelola Inovasi Perangkat Daerah dan Puskesmas dan satu untuk Tim Pengelola ruang diskusi rutin inovasi “Learning Organizations Innovation Based” di Bappedalitbang.
12. Fasilitator Inovasi dan/atau tanpa perwakilan Tim dan Pengelola Inovasi Perangkat Daerah dan Puskesmas membawa berita acara atau notulen rapat tersebut untuk disampaikan pada rapat Tim Inovasi Perangkat Daerah dan Puskesmas untuk dilaksanakan bersama.

Ruang Diskusi Rutin Inovasi dapat dilaksanakan dengan tatap muka atau melalui Aplikasi “Karo Erlajar” atau melalui zoom meeting. Sampai saat ini, instansi masih memilih tatap muka.
"""

SEPEDA_DESIGN = """\
Majunya suatu Daerah sangat ditentukan oleh inovasi yang dilakukan Pemerintah Daerah bersama stakeholder sebagaimana yang tertuang dalam Pasal 386 ayat (1) Undang-Undang 23 Tahun 2014 yang berbunyi Dalam rangka peningkatan kinerja penyelenggaraan Pemerintahan Daerah, Pemerintah Daerah dapat melakukan inovasi. Daerah harus mendorong terciptanya daya guna dan hasil guna penyelenggaraan Pemerintah Daerah dalam menyejahterakan masyarakat, baik melalui peningkatan pelayanan publik maupun melalui peningkatan daya saing Daerah. Untuk itu perlu adanya kreativitas dan kriteria yang obyektif yang dapat dijadikan pegangan bagi pejabat Daerah untuk melakukan kegiatan yang bersifat inovatif .
Dengan demikian inovasi di daerah akan terpacu dan berkembang tanpa ada kekhawatiran menjadi obyek pelanggaran hukum. Selain itu dapat terwujudnya sinergi dalam berbagai aspek dalam penyelenggaraan Pemerintahan Daerah dengan Pemerintah Pusat.
Dalam rangka implementasi Undang-Undang 23 Tahun 2014 tersebut, Badan Penelitian dan Pengembangan Daerah Kabupaten Balangan bersama melakukan penjaringan karya inovasi dalam rangka pemenuhan indeks inovasi daerah tahun 2020 sebagai langkah disseminasi dalam mendorong budaya inovasi di setiap organisasi perangkat daerah (OPD).
"""

SEPEDA_GOALS = """\
Adapun permasalah yang dihadapi dalam pemenuhan indeks inovasi daerah di kabupaten Balangan diantaranya :
Belum maksimalnya pelaksanaan inovasi daerah Kabupaten Balangan yang tercermin dari nilai indeks inovasi daerah masih rendah bahkan kosong di tahun sebelumnya.
Belum adanya metode penjaringan inovasi secara terpadu yang didukung oleh pemangku kebijakan dan stakeholder.
Belum terbangunnya jejaring inovasi melalui peran admin inovasi dan pelaku/pencipta karya inovasi di masing-masing OPD.
Belum didukung tools atau sarana teknologi informasi yang efektif, efisien dan produktif dalam bentuk software/aplikasi/web inovasi daerah yang memungkinkan penjaringan karya inovasi bisa dilakukan secara daring. Selain dari pada itu dapat juga sebagai sarana disseminasi kebijakan dan kinerja penyelenggaraan pemerintahan yang bersifat inovatif kepada semua elemen baik kepala daerah,DPRD,ASN, OPD dan Pemerintahan Desa agar menjadikan inovasi sebagai kebutuhan dalam meningkatkan tata kelola dan pelayanan publik menuju masyarakat yang maju dan kesejahteraan.
"""

SEPEDA_BENEFITS = """\
Dalam rangka pemenuhan indeks inovasi daerah tahun 2020 sebagai bentuk disseminasi dalam mendorong budaya inovasi di setiap organisasi perangkat daerah (OPD) serta meningkatkan capaian indeks inovasi daerah Kabupaten Balangan ada beberapa langkah yang dilakukan :
Membangun jejaring dari berbagai pihak baik internal maupun eksternal.
Menyusun regulasi daerah yang ditetapkan kedalam bentuk Keputusan Kepala Balitbangda nomor 188.4/69/Balitbangda-Blg/2020 tentang Pedoman dan Petunjuk Teknis Penjaringan Inovasi Daerah di lingkungan Pemerintah Kabupaten Balangan. Hal ini dianggap perlu dalam rangka menyamakan persepsi dan standarisasi proses penjaringan data indikator inovasi yang ada pada OPD dan inovator lain baik pemerintah desa dan masyarakat perorangan dapat dilakukan secara terpadu.
Menyusun agenda penjaringan inovasi yang bersumber dari proyek perubahan PNS dan OPD, ada beberapa tahapan yang dilakukan dalam penjaringan data inovasi sebagai bahan penetapan indeks inovasi daerah tahun 2020.
Membangun dan uji coba aplikasi penjaringan inovasi secara online melalui sistem informasi inovasi daerah sebagai sarana/tool dalam mendorong penjaringan data indeks inovasi daerah secara daring/online sistem.
"""

SEPEDA_RESULTS = """\
Bagi Pemerintah Kabupaten Balangan adalah
Mendorong terciptanya daya guna dan hasil guna penyelenggaraan Pemerintah Daerah dalam menyejahterakan masyarakat, baik melalui peningkatan pelayanan publik maupun melalui peningkatan daya saing Daerah
Sarana dalam mengakselerasikan kinerja terhadap kebutuhan masyarakat terkait peningkatan tata kelola pemerintahan dan pelayanan publik
Meningkatnya capaian indeks inovasi nasional sebagai salah satu indikator peningkatan kinerja pemerintah, kesejahteraan PNS melalui besaran TPP dan dana insentif daerah (DID) dari pemerintah pusat
Sebagai media apresiasi dan penghargaan bagi inisiator dan/atau innovator baik yang bersumber dari perangkat daerah, pemerintahan desa dan masyarakat.
Bagi inisiator dan/ atau innovator adalah merupakan acuan dalam membangun dan mengembangkan inovasi yang dimiliki serta menjadi sarana ukur dalam mencapai kualitas inovasi yang dibangun.
Bagi masyarakat sebagai media sosialisasi tentang diseminasi jenis, prosedur dan metode penyelenggaraan pemerintahan daerah yang bersifat inovatif sehingga menumbuhkan kepercayaan terhadap pemerintah dalam pembangunan daerah.
Bagi stakeholder sebagai media sosialisasi tentang diseminasi jenis, prosedur dan metode penyelenggaraan pemerintahan daerah yang bersifat inovatif sehingga menumbuhkan kemitraan-kemitraan baru yang sinergi terhadap pembangunan di daerah.
"""
