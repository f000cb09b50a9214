"""Accounts and roles: anonymous readers read; translators edit; admins also manage users."""
