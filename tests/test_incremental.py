"""La clave de la reconstrucción incremental (docs/_ext/galeria_incremental.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import RAIZ

sys.path.insert(0, str(RAIZ / "docs" / "_ext"))
import galeria_incremental as gi


@pytest.fixture
def paquete(tmp_path: Path) -> Path:
    raiz = tmp_path / "paquete"
    (raiz / "sub").mkdir(parents=True)
    (raiz / "__init__.py").write_text("x = 1\n")
    (raiz / "sub" / "modulo.py").write_text("def f():\n    return 2\n")
    (raiz / "sub" / "corpus.txt").write_text("texto\n")
    return raiz


def test_la_clave_cambia_con_el_codigo_y_los_datos(paquete):
    antes = gi.clave_del_paquete(paquete)
    assert antes == gi.clave_del_paquete(paquete)  # determinista
    (paquete / "sub" / "modulo.py").write_text("def f():\n    return 3\n")
    despues = gi.clave_del_paquete(paquete)
    assert despues != antes
    (paquete / "sub" / "corpus.txt").write_text("otro texto\n")
    assert gi.clave_del_paquete(paquete) != despues


def test_la_clave_ignora_lo_compilado(paquete):
    antes = gi.clave_del_paquete(paquete)
    (paquete / "__pycache__").mkdir()
    (paquete / "__pycache__" / "modulo.cpython-311.pyc").write_bytes(b"\0basura")
    assert gi.clave_del_paquete(paquete) == antes


def test_renombrar_un_modulo_cambia_la_clave(paquete):
    antes = gi.clave_del_paquete(paquete)
    (paquete / "sub" / "modulo.py").rename(paquete / "sub" / "otro.py")
    assert gi.clave_del_paquete(paquete) != antes


def _galeria(tmp_path: Path) -> tuple[SimpleNamespace, list[Path]]:
    srcdir = tmp_path / "docs"
    md5 = []
    for carpeta in ("parte1", "parte2"):
        d = srcdir / "galeria" / carpeta
        d.mkdir(parents=True)
        m = d / "plot_01.py.md5"
        m.write_text("abc")
        md5.append(m)
    return SimpleNamespace(srcdir=str(srcdir)), md5


def test_un_cambio_del_paquete_vuelve_a_ejecutar_todos_los_ejemplos(
    tmp_path, monkeypatch
):
    app, md5 = _galeria(tmp_path)
    claves = iter(["clave-1", "clave-1", "clave-2"])
    monkeypatch.setattr(gi, "clave_del_paquete", lambda paquete: next(claves))

    # Primera vez (sin clave guardada): los .md5 que hubiera no valen.
    gi._invalidar_si_cambia_el_paquete(app)
    assert not any(m.exists() for m in md5)
    guardada = Path(app.srcdir) / "galeria" / gi.NOMBRE_CLAVE
    assert guardada.read_text().strip() == "clave-1"

    # Misma clave: los ejemplos ejecutados se reutilizan.
    for m in md5:
        m.write_text("abc")
    gi._invalidar_si_cambia_el_paquete(app)
    assert all(m.exists() for m in md5)

    # Paquete cambiado: todos se vuelven a ejecutar.
    gi._invalidar_si_cambia_el_paquete(app)
    assert not any(m.exists() for m in md5)
    assert guardada.read_text().strip() == "clave-2"


def test_la_maquinaria_incluye_extensiones_y_conf(tmp_path):
    (tmp_path / "docs" / "_ext").mkdir(parents=True)
    (tmp_path / "conf.py").write_text("project = 'x'\n")
    (tmp_path / "docs" / "_ext" / "ext.py").write_text("def setup(app): pass\n")
    antes = gi.clave_de_la_maquinaria(tmp_path)
    (tmp_path / "docs" / "_ext" / "ext.py").write_text("def setup(app): return {}\n")
    medio = gi.clave_de_la_maquinaria(tmp_path)
    assert medio != antes
    (tmp_path / "conf.py").write_text("project = 'y'\n")
    assert gi.clave_de_la_maquinaria(tmp_path) != medio


def test_la_configuracion_no_reejecuta_lo_que_esta_al_dia():
    """conf.py delega en la clave: sphinx-gallery no debe ejecutar los ejemplos al día."""
    conf = (RAIZ / "conf.py").read_text(encoding="utf-8")
    assert '"run_stale_examples": False' in conf
    assert '"galeria_incremental"' in conf
