"""What every plugin of the site needs and may import: the one implementation of each shared
need (versioned caches, formula-safe spreadsheets, country-scoped admin permissions, the
role groups and their grants, the heading block). It imports no plugin and not the project.
"""
