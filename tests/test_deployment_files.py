"""docker-compose.yml and the Dockerfiles agree with the services folder (Docker itself is not
available on the build machines, so the file is checked for what Compose would refuse or miss)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SERVICE_DIRS = sorted(p.name for p in (REPO / "services").iterdir() if (p / "pyproject.toml").exists())


def _compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


def test_every_service_folder_is_deployed_and_nothing_else() -> None:
    compose = _compose()["services"]
    assert set(SERVICE_DIRS) == {"gateway", "registry", "grading", "inspection", "audit"}
    assert set(compose) == set(SERVICE_DIRS) | {"postgres", "keys"}


def test_services_build_their_own_dockerfile_and_database() -> None:
    compose = _compose()["services"]
    for name in SERVICE_DIRS:
        svc = compose[name]
        dockerfile = REPO / svc["build"]["dockerfile"]
        assert dockerfile == REPO / "services" / name / "Dockerfile" and dockerfile.exists()
        text = dockerfile.read_text(encoding="utf-8")
        assert f'"servicekit.entrypoint", "{name}"' in text, f"{name}: entry must migrate then start"
        assert "USER qsrp" in text, f"{name}: must not run as root"
        assert svc["environment"]["DATABASE_URL"].endswith(f"/qsrp_{name}")
        assert svc["environment"]["SERVICE_NAME"] == name
        assert svc["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert "healthcheck" in svc and "/readyz" in " ".join(svc["healthcheck"]["test"])


def test_gateway_waits_for_healthy_services_and_knows_their_urls() -> None:
    compose = _compose()["services"]
    gateway = compose["gateway"]
    for name in SERVICE_DIRS:
        if name == "gateway":
            continue
        assert gateway["depends_on"][name]["condition"] == "service_healthy"
        assert gateway["environment"][f"{name.upper()}_URL"] == f"http://{name}:8000"
    assert gateway["environment"]["ENVIRONMENT"] == "production"
    assert "JWT_PRIVATE_KEY_FILE" in gateway["environment"]
    # Only the gateway holds the user-token signing key.
    for name in SERVICE_DIRS:
        if name != "gateway":
            assert "JWT_PRIVATE_KEY_FILE" not in compose[name]["environment"]


def test_postgres_password_is_required_not_defaulted() -> None:
    text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    assert re.search(r"POSTGRES_PASSWORD:\s*\$\{POSTGRES_PASSWORD:\?", text)


def test_settings_accept_every_environment_variable_compose_sets() -> None:
    from audit.settings import Settings as AuditSettings
    from gateway.settings import Settings as GatewaySettings
    from servicekit.settings import ServiceSettings

    own = {"gateway": set(GatewaySettings.model_fields), "audit": set(AuditSettings.model_fields)}
    compose = _compose()["services"]
    for name in SERVICE_DIRS:
        fields = set(ServiceSettings.model_fields) | own.get(name, set())
        for var in compose[name]["environment"]:
            assert var.lower() in fields, f"{name}: {var} is not a setting"
