from __future__ import annotations

from django.test import Client

from regions.domains import add_custom_domain


def test_base_domain_serves_the_public_site(db):
    response = Client(HTTP_HOST="localhost:8000").get("/")
    assert response.status_code == 200
    assert "Mandailing Natal" in response.content.decode()


def test_a_region_subdomain_serves_that_region(personas, region_a, client_for):
    response = client_for(personas.admin_a, region_a).get("/")
    assert response.status_code == 200
    assert "Kabupaten Banjar" in response.content.decode()
    assert response.wsgi_request.region == region_a


def test_a_custom_domain_serves_its_region(personas, region_a):
    add_custom_domain(region=region_a, hostname="inovasi.banjarkab.go.id")
    client = Client(HTTP_HOST="inovasi.banjarkab.go.id")
    client.force_login(personas.admin_a)
    response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.region == region_a


def test_an_unknown_host_gets_a_friendly_404(db):
    for host in ("tidak-ada.localhost", "a.b.localhost", "evil.example.com"):
        response = Client(HTTP_HOST=host).get("/")
        assert response.status_code == 404, host
        body = response.content.decode()
        assert "Alamat tidak ditemukan" in body and "Traceback" not in body


def test_a_registered_but_inactive_region_says_so(db):
    response = Client(HTTP_HOST="karo.localhost").get("/")
    assert response.status_code == 404
    assert "belum aktif" in response.content.decode()


def test_a_custom_domain_cannot_be_taken_twice(region_a, region_b):
    import pytest
    from django.core.exceptions import ValidationError

    add_custom_domain(region=region_a, hostname="inovasi.banjarkab.go.id")
    with pytest.raises(ValidationError):
        add_custom_domain(region=region_b, hostname="inovasi.banjarkab.go.id")
    with pytest.raises(ValidationError):
        add_custom_domain(region=region_b, hostname="x.localhost")
