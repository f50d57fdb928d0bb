"""Gateway: login, users, org units, tokens, proxy to the services, API docs, the SPA."""
