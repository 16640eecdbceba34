"""Who a user is and how they log in: roles, the login backend and password hashing,
two-factor login, the lockout after failed logins, idle sessions, and the admin's login.

It imports no other app: programmes and the apps above it ask it about roles."""
