"""Password hashing: Argon2id at OWASP's recommended setting.

Django's Argon2PasswordHasher asks for 100 MiB of memory and 8 lanes per hash: on two
cores a login then costs about as much CPU as PBKDF2's (about 0.2 s), and each login in
progress holds 100 MiB inside a gunicorn worker. OWASP's Password Storage Cheat Sheet
recommends Argon2id with 19 MiB, 2 passes and 1 lane: still memory-hard (a stolen hash
is costly to guess on graphics cards), for about a tenth of the CPU
(`scripts/login_cost.py` prints both). The parameters travel in each stored hash, so
hashes made with other parameters still verify, and Django stores the password again with
these at its next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
    time_cost = 2
