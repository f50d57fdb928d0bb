from servicekit.migrations import run_env
from kitapp.app import Base

run_env(Base.metadata)
