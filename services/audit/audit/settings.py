from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "audit"
    database_url: str = "postgresql+asyncpg://postgres@localhost/qsrp_audit"
