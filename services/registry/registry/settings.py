from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "registry"
    database_url: str = "postgresql+asyncpg://postgres@localhost/qsrp_registry"
