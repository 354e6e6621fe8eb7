"""El flujo de GitHub Actions comprueba lo mismo que la integración continua."""

from __future__ import annotations

import re

import yaml
from conftest import RAIZ

FLUJO = RAIZ / ".github" / "workflows" / "libro.yml"


def _flujo() -> dict:
    datos = yaml.safe_load(FLUJO.read_text(encoding="utf-8"))
    # YAML 1.1 lee la clave «on» como el booleano True.
    datos["on"] = datos.pop(True, datos.get("on"))
    return datos


def _ordenes(trabajo: dict) -> list[str]:
    return [p["run"] for p in trabajo["steps"] if "run" in p]


def test_se_comprueba_en_cada_push_y_pull_request():
    disparadores = _flujo()["on"]
    assert "pull_request" in disparadores
    assert "push" in disparadores
    # Sin filtro de ramas: también los pushes a ramas de trabajo.
    assert not (disparadores["push"] or {}).get("branches")


def test_ejecuta_la_orden_de_pruebas_del_readme_y_ruff():
    readme = (RAIZ / "README.md").read_text(encoding="utf-8")
    orden_readme = re.search(r"^(python3 tareas\.py pruebas)\b", readme, re.M)
    assert orden_readme, "el README debe dar la orden de las pruebas"
    ordenes = _ordenes(_flujo()["jobs"]["comprobar"])
    assert orden_readme.group(1) in ordenes
    assert "python3 tareas.py estilo" in ordenes  # ruff check + ruff format --check
    assert "python3 tareas.py libro" in ordenes
    # Las mismas tres órdenes que la integración continua del proyecto.
    ci = (RAIZ / ".ci" / "run").read_text(encoding="utf-8")
    for orden in ("tareas.py estilo", "tareas.py libro", "tareas.py pruebas"):
        assert orden in ci


def test_publica_solo_desde_main():
    flujo = _flujo()
    principal = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    publicar = flujo["jobs"]["publicar"]
    assert publicar["if"] == principal
    assert publicar["needs"] == "comprobar"
    for paso in flujo["jobs"]["comprobar"]["steps"]:
        if "pages" in paso.get("uses", "") or paso.get("name", "").endswith(
            "cuadernos»"
        ):
            assert paso["if"] == principal, paso
    # Los permisos de escritura solo en el trabajo que publica.
    assert flujo["permissions"] == {"contents": "read"}
    assert "permissions" not in flujo["jobs"]["comprobar"]
