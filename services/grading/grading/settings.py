from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "grading"
    database_url: str = "postgresql+asyncpg://postgres@localhost/qsrp_grading"
    # Recompute every unit once a day (risks leave the 2-year window; new rule sets take effect).
    daily_recompute: bool = True
