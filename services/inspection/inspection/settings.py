from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "inspection"
    database_url: str = "postgresql+asyncpg://postgres@localhost/qsrp_inspection"
