from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "grading"
    database_url: str = "postgresql+asyncpg://postgres@localhost/qsrp_grading"
