"""Staff pages of the programme, split by subject: thin views that ask a permission,
read a selector or call one service, and render or redirect (POST/redirect/GET)."""
