"""Los ejemplos descargables funcionan: el ``.py`` y el ``.ipynb`` de cada página.

Cada ejemplo de ``gallery/`` se ejecuta como lo haría un lector: el script con
``python plot_….py`` en una carpeta vacía, y el cuaderno de arriba abajo en un
núcleo de Jupyter nuevo. Si el libro está construido se prueban los cuadernos
que realmente se descargan de ``_build/html``; si no, se generan con el mismo
conversor de sphinx-gallery.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LIBRO, RAIZ

EJEMPLOS = sorted((RAIZ / "gallery").glob("*/plot_*.py"))
IDS = [p.stem for p in EJEMPLOS]


def _entorno_hijo() -> dict[str, str]:
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


def test_hay_ejemplos_en_cada_parte():
    partes = {p.parent.name for p in EJEMPLOS}
    assert partes == {
        "parte1_rnn",
        "parte2_gradiente_lstm",
        "parte3_aplicaciones",
        "parte4_avanzadas",
        "ejercicios_resueltos",
    }, partes
    for carpeta in (RAIZ / "gallery").iterdir():
        if carpeta.is_dir():
            assert (carpeta / "GALLERY_HEADER.rst").is_file(), carpeta


# Cómo instalar rnnbook lo dice la primera celda de cada descarga, no el script
# fuente: véanse test_scripts_construidos_dicen_como_instalar y
# test_los_ejemplos_no_repiten_la_nota_de_instalacion en test_descargas.py.


@pytest.mark.lento
@pytest.mark.parametrize("script", EJEMPLOS, ids=IDS)
def test_script_descargado_se_ejecuta(script: Path, tmp_path: Path):
    copia = tmp_path / script.name
    copia.write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, copia.name],
        cwd=tmp_path,
        env=_entorno_hijo(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert r.returncode == 0, (
        f"{script.name} falló:\n{r.stdout[-3000:]}\n{r.stderr[-5000:]}"
    )


def _cuaderno(script: Path, destino: Path) -> Path:
    construido = list(LIBRO.glob(f"_downloads/*/{script.stem}.ipynb"))
    if construido:
        return construido[0]
    from sphinx_gallery.gen_gallery import _fill_gallery_conf_defaults
    from sphinx_gallery.notebook import jupyter_notebook, save_notebook
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    conf = _fill_gallery_conf_defaults({}, check_keys=False)
    _, bloques = split_code_and_text_blocks(str(script))[:2]
    nb = jupyter_notebook(bloques, conf, str(script.parent))
    salida = destino / f"{script.stem}.ipynb"
    save_notebook(nb, str(salida))
    return salida


@pytest.mark.lento
@pytest.mark.parametrize("script", EJEMPLOS, ids=IDS)
def test_cuaderno_descargado_se_ejecuta(script: Path, tmp_path: Path):
    import nbformat
    from nbclient import NotebookClient

    ruta = _cuaderno(script, tmp_path)
    nb = nbformat.read(ruta, as_version=4)
    if ruta.is_relative_to(LIBRO):
        # El cuaderno publicado empieza por la celda que instala rnnbook si falta
        # (docs/_ext/descargas.py); aquí rnnbook está instalado y no hace nada.
        primera = nb.cells[0]
        assert "rnnbook-instalacion" in primera.metadata.get("tags", []), ruta
        assert "find_spec" in primera.source and "rnnbook" in primera.source
    # El núcleo de Jupyter hereda este entorno: el mismo que el del script descargado.
    for clave, valor in _entorno_hijo().items():
        if clave in ("MPLBACKEND", "OMP_NUM_THREADS"):
            os.environ.setdefault(clave, valor)
    cliente = NotebookClient(
        nb,
        timeout=900,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    cliente.execute()
    errores = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errores, errores
