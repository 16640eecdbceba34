"""Two-factor login: after the password, a code from an authenticator app (TOTP) or a
one-time recovery code, built on django-otp (`otp_totp` and `otp_static`).

- `permissions.py`: who must use it (managers and administrators) and who may turn it off.
- `services.py`: enrolling an app, recovery codes, checking a code, turning it off.
- `middleware.py`: sends a user who owes a second factor to the code or enrolment page.
- `views.py`, `urls.py`: the pages under /accounts/two-factor/.
"""
