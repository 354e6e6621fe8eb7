"""Una reconstrucción que reutiliza los ejemplos ya ejecutados... si siguen al día.

sphinx-gallery decide si vuelve a ejecutar un ejemplo comparando el hash de su
script con el que guardó la última vez (``plot_x.py.md5``): no sabe nada del
paquete que el script importa. Un cambio en ``rnnbook`` dejaría entonces
páginas con salidas, figuras y cifras de la versión anterior.

Esta extensión añade el paquete a la clave. Antes de que sphinx-gallery genere
la galería, calcula el hash de todas las fuentes de ``rnnbook`` (código y datos
empaquetados) y lo compara con el de la última ejecución, guardado en
``docs/galeria/.clave_rnnbook``. Si difieren, borra los ``.md5`` de todos los
ejemplos: se vuelven a ejecutar todos. Es la granularidad exacta, no una
aproximación: ``import rnnbook`` importa todos sus subpaquetes, así que cualquier
ejemplo puede depender de cualquier módulo del paquete.

Con ``run_stale_examples = False`` (conf.py), el resultado es:

- construcción limpia (``python3 tareas.py libro`` borra ``docs/galeria``):
  se ejecuta todo;
- nada cambiado: no se ejecuta ningún ejemplo;
- un ejemplo cambiado: solo ese;
- ``rnnbook`` cambiado: todos.

Además, si cambian ``conf.py``, una extensión de ``docs/_ext``, una plantilla o
un estático, se releen y reescriben todas las páginas (sin ejecutar ejemplos):
Sphinx no sabe que una página depende del código de una extensión.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

NOMBRE_CLAVE = ".clave_rnnbook"


def _aviso(texto: str) -> None:
    # Importado aquí: tareas.py usa ``huella`` con el Python del sistema, sin Sphinx.
    from sphinx.util import logging

    logging.getLogger(__name__).info(texto)


def huella(archivos, raiz: Path) -> str:
    """SHA-256 de unos archivos: sus rutas relativas a ``raiz`` y sus contenidos.

    Es la única huella del proyecto: la del paquete, la de la maquinaria del libro
    (aquí) y la del sitio que decide si se reimprime el PDF (``tareas.py``).
    Se omiten lo compilado (``__pycache__``) y lo que no es un archivo.
    """
    h = hashlib.sha256()
    for ruta in sorted(archivos):
        if "__pycache__" in ruta.parts or not ruta.is_file():
            continue
        h.update(ruta.relative_to(raiz).as_posix().encode() + b"\0")
        h.update(ruta.read_bytes() + b"\0")
    return h.hexdigest()


def clave_del_paquete(paquete: Path) -> str:
    """Huella de las fuentes del paquete: código y datos empaquetados."""
    fuentes = {".py", ".txt", ".json", ".csv", ".npz"}
    return huella((p for p in paquete.rglob("*") if p.suffix in fuentes), paquete)


def _invalidar_si_cambia_el_paquete(app) -> None:
    import rnnbook

    paquete = Path(rnnbook.__file__).resolve().parent
    clave = clave_del_paquete(paquete)
    galeria = Path(app.srcdir) / "galeria"
    archivo = galeria / NOMBRE_CLAVE
    anterior = archivo.read_text().strip() if archivo.is_file() else None
    if anterior == clave:
        return
    borrados = 0
    for md5 in galeria.rglob("*.py.md5"):
        md5.unlink()
        borrados += 1
    if borrados:
        _aviso(
            f"rnnbook cambió desde la última ejecución: se vuelven a ejecutar "
            f"los {borrados} ejemplos."
        )
    galeria.mkdir(parents=True, exist_ok=True)
    archivo.write_text(clave + "\n")


def clave_de_la_maquinaria(raiz: Path) -> str:
    """Hash de lo que da forma a todas las páginas sin ser una de ellas.

    ``conf.py``, las extensiones de ``docs/_ext``, las plantillas y los estáticos:
    Sphinx no sabe que una página depende del código de una extensión.
    """
    archivos = [raiz / "conf.py"]
    for carpeta in ("docs/_ext", "docs/_templates", "docs/_static"):
        archivos += (raiz / carpeta).rglob("*")
    return huella(archivos, raiz)


def _comprobar_maquinaria(app) -> None:
    clave = clave_de_la_maquinaria(Path(app.confdir))
    sello = Path(app.doctreedir) / ".clave_maquinaria"
    anterior = sello.read_text().strip() if sello.is_file() else None
    app.env._rnnbook_maquinaria_cambio = anterior is not None and anterior != clave
    if app.env._rnnbook_maquinaria_cambio:
        _aviso(
            "conf.py, una extensión o un estático cambió: se releen todas las páginas."
        )
        import shutil

        # Las páginas de código (viewcode) solo se reescriben si su módulo cambia.
        shutil.rmtree(Path(app.outdir) / "_modules", ignore_errors=True)
    sello.parent.mkdir(parents=True, exist_ok=True)
    sello.write_text(clave + "\n")


def _todas_si_cambio_la_maquinaria(app, env, added, changed, removed):
    if getattr(env, "_rnnbook_maquinaria_cambio", False):
        return sorted(env.found_docs)
    return []


def _cerrar_galeria(app) -> None:
    """Un cerrojo sobre la carpeta de la galería mientras sphinx-gallery la genera.

    ``tareas.py libro`` construye a la vez la edición inglesa y el PDF español: los
    dos procesos regeneran al empezar la galería (``docs/galeria``) y sus
    referencias (``docs/gen_modules``) en la misma carpeta de fuentes, y sin turno
    uno renombraría los archivos que el otro está escribiendo.
    """
    import fcntl

    galeria = Path(app.srcdir) / "galeria"
    galeria.mkdir(parents=True, exist_ok=True)
    cerrojo = (galeria / ".cerrojo").open("a")
    fcntl.flock(cerrojo, fcntl.LOCK_EX)
    app._rnnbook_cerrojo = cerrojo


def _abrir_galeria(app) -> None:
    import fcntl

    cerrojo = getattr(app, "_rnnbook_cerrojo", None)
    if cerrojo is not None:
        fcntl.flock(cerrojo, fcntl.LOCK_UN)
        cerrojo.close()
        app._rnnbook_cerrojo = None


def setup(app):
    # El turno cubre sphinx-gallery (500) y la reescritura de las descargas (900).
    app.connect("builder-inited", _cerrar_galeria, priority=300)
    app.connect("builder-inited", _abrir_galeria, priority=950)
    app.connect("builder-inited", _comprobar_maquinaria)
    app.connect("env-get-outdated", _todas_si_cambio_la_maquinaria)
    # Antes que sphinx-gallery, que genera (y ejecuta) la galería con prioridad 500.
    app.connect("builder-inited", _invalidar_si_cambia_el_paquete, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
