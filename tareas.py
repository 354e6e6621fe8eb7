#!/usr/bin/env python3
"""Las dos tareas del proyecto, sin más requisitos que Python >= 3.10 y git.

    python3 tareas.py libro     # instala todo y construye el libro (ejecuta cada ejemplo)
    python3 tareas.py libro --incremental   # reutiliza lo que no cambió (segundos)
    python3 tareas.py libro --incremental --pdf   # ... y también regenera el PDF
    python3 tareas.py libro --edicion alumno   # sin soluciones, en _build/alumno/html
    python3 tareas.py pruebas   # instala todo y ejecuta la batería de pruebas completa
    python3 tareas.py rapidas   # las pruebas del día a día: sin ejemplos ni navegador
    python3 tareas.py estilo    # ruff: lint y formato (comprueba; --fix para arreglar)
    python3 tareas.py corpus    # regenera el corpus del ejercicio A2 (la prosa del libro)
    python3 tareas.py traducir  # pone al día los catálogos ingleses (locales/en)

Ambas crean (o reutilizan) el entorno virtual ``.venv`` en la raíz del
repositorio. La variable ``RNNBOOK_TORCH`` permite fijar la versión de PyTorch
que se instala primero (p. ej. ``RNNBOOK_TORCH=torch==2.13.0`` para la versión
de solo CPU en la integración continua).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

RAIZ = Path(__file__).resolve().parent
VENV = Path(os.environ.get("RNNBOOK_VENV", RAIZ / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _ejecutar(*args: str | Path, **kwargs) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=RAIZ, **kwargs)


def preparar_entorno() -> None:
    """Crea ``.venv`` e instala ``rnnbook`` con las dependencias del libro y de las pruebas."""
    if sys.version_info < (3, 10):
        sys.exit(
            f"Se necesita Python >= 3.10; se está usando {sys.version.split()[0]}."
        )
    if not (BIN / "python").exists():
        print(f"Creando el entorno virtual {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    torch = os.environ.get("RNNBOOK_TORCH")
    # pip tarda unos segundos aunque no haya nada que instalar: se omite mientras
    # pyproject.toml (y la versión de PyTorch pedida) no cambien.
    sello = VENV / ".rnnbook-instalado"
    huella = hashlib.sha256(
        (RAIZ / "pyproject.toml").read_bytes() + (torch or "").encode()
    ).hexdigest()
    if sello.is_file() and sello.read_text().strip() == huella:
        return
    pip = [BIN / "python", "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if torch:
        _ejecutar(*pip, torch)
    _ejecutar(*pip, "-e", ".[docs,test]")
    sello.write_text(huella + "\n")


EDICIONES = ("completa", "alumno")


def _edicion(argumentos: list[str]) -> str:
    """La edición pedida con ``--edicion NOMBRE`` (``completa`` si no se pide)."""
    if "--edicion" not in argumentos:
        return "completa"
    i = argumentos.index("--edicion")
    if i + 1 >= len(argumentos) or argumentos[i + 1] not in EDICIONES:
        dada = argumentos[i + 1] if i + 1 < len(argumentos) else "nada"
        sys.exit(
            f"--edicion espera una de {', '.join(EDICIONES)}; se recibió {dada!r}."
        )
    return argumentos[i + 1]


def libro() -> None:
    """El libro en ``_build/html`` (avisos = errores).

    Sin opciones, construcción limpia: borra lo generado y ejecuta cada ejemplo.
    Con ``--incremental`` reutiliza lo ya construido: Sphinx solo relee lo que
    cambió y sphinx-gallery solo ejecuta los ejemplos cuyo script o cuyo paquete
    ``rnnbook`` cambiaron (docs/_ext/galeria_incremental.py).

    Con ``--edicion alumno``, la edición para el alumnado (sin soluciones ni
    respuestas modelo; docs/_ext/edicion_alumno.py) en ``_build/alumno/html``:
    mismas fuentes con ``-t alumno`` y sus propios doctrees. No ejecuta ningún
    ejemplo ni toca lo generado por la edición completa, que debe estar
    construida y al día; no tiene PDF.
    """
    edicion = _edicion(sys.argv[2:])  # antes de instalar nada: un error, al momento
    preparar_entorno()
    incremental = "--incremental" in sys.argv[2:]
    if edicion == "alumno":
        libro_alumno(incremental)
        return
    generado = (
        "_build",
        "docs/galeria",
        "docs/gen_modules",
        "docs/sg_execution_times.rst",
    )
    for ruta in () if incremental else generado:
        p = RAIZ / ruta
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    _ejecutar(
        BIN / "sphinx-build",
        "-W",
        "--keep-going",
        "-n",
        "-b",
        "html",
        "-c",
        ".",
        "docs",
        "_build/html",
    )
    # La edición inglesa (docs/_ext/traduccion.py): las mismas fuentes con -t en; el
    # texto sale de los catálogos locales/en/LC_MESSAGES, y el código, las salidas y
    # las figuras son los que la española acaba de ejecutar (no se ejecuta nada). Un
    # mensaje sin traducir es un aviso, y con -W un error. Se construye a la vez que
    # se imprime el PDF español (un núcleo cada uno); luego, el PDF inglés.
    import time

    inicio = time.monotonic()
    ingles = [
        BIN / "sphinx-build", "-W", "--keep-going", "-n", "-b", "html", "-t", "en",
        "-c", ".", "docs", "_build/html/en",
    ]  # fmt: skip
    pdf_es = _orden_pdf("es", incremental)
    _en_paralelo([ingles] + ([pdf_es[0]] if pdf_es else []))
    pdf_en = _orden_pdf("en", incremental)
    if pdf_en:
        _en_paralelo([pdf_en[0]])
    for pendiente in (pdf_es, pdf_en):
        if pendiente:
            pendiente[1].write_text(pendiente[2] + "\n")
    print(
        f"Edición inglesa y PDF ({time.monotonic() - inicio:.0f} s): "
        f"{RAIZ / '_build' / 'html' / 'en' / 'index.html'}"
    )
    print(f"Libro construido: {RAIZ / '_build' / 'html' / 'index.html'}")


def traducir() -> None:
    """Pone los catálogos ingleses al día tras un cambio en el texto español.

    El constructor ``gettext`` extrae los mensajes de las fuentes (capítulos,
    textos de la galería, docstrings de la API) a ``_build/gettext``; luego cada
    ``locales/en/LC_MESSAGES/<página>.po`` recibe los mensajes nuevos (vacíos, o
    *fuzzy* con la traducción anterior si se parecen a uno que cambió) y pierde
    los que ya no existen, igual que el catálogo de la interfaz (``interfaz.po``,
    los ``_("…")`` de ``docs/_ext``). Imprime lo que queda sin traducir o dudoso.
    Como ``libro --incremental``, ejecuta los ejemplos que hayan cambiado.
    """
    preparar_entorno()
    _ejecutar(
        BIN / "sphinx-build", "-q", "-b", "gettext", "-t", "en", "-c", ".",
        "-d", "_build/gettext/.doctrees", "docs", "_build/gettext",
    )  # fmt: skip
    _ejecutar(BIN / "python", "docs/_ext/traduccion.py", "_build/gettext")


def libro_alumno(incremental: bool) -> None:
    """La edición para el alumnado en ``_build/alumno/html`` (véase :func:`libro`)."""
    import time

    inicio = time.monotonic()
    alumno = RAIZ / "_build" / "alumno"
    if not incremental and alumno.is_dir():
        shutil.rmtree(alumno)
    _ejecutar(
        BIN / "sphinx-build", "-W", "--keep-going", "-n", "-b", "html", "-t", "alumno",
        "-c", ".", "-d", "_build/alumno/doctrees", "docs", "_build/alumno/html",
    )  # fmt: skip
    print(
        f"Edición para el alumnado ({time.monotonic() - inicio:.0f} s): "
        f"{alumno / 'html' / 'index.html'}"
    )


#: Cada edición con PDF: (etiquetas de Sphinx, carpeta del sitio, carpeta singlehtml);
#: ``rnnbook.pdf`` queda dentro de la carpeta del sitio.
EDICIONES_PDF = {
    "es": ((), "_build/html", "_build/singlehtml"),
    "en": (("-t", "en"), "_build/html/en", "_build/singlehtml-en"),
}


def _orden_pdf(idioma: str, incremental: bool):
    """La orden que imprime el PDF de una edición, o ``None`` si no hace falta.

    Sin TeX (docs/_ext/libro_pdf.py): ``sphinx-build -b singlehtml`` con los
    doctrees del sitio (no relee nada) escribe el libro en una sola página, y
    Chromium sin interfaz la imprime (unos 45 s). Con ``--incremental`` un PDF
    existente se conserva para que iterar cueste segundos: se avisa si quedó atrás
    de su sitio (páginas, figuras, estilos, extensión; la huella se guarda tras
    imprimirlo), y ``--pdf`` lo regenera. Devuelve ``(orden, sello, huella)``.
    """
    sys.path.insert(0, str(RAIZ / "docs" / "_ext"))
    from galeria_incremental import huella as huella_de

    etiquetas, sitio, una_pagina = EDICIONES_PDF[idioma]
    html = RAIZ / sitio
    pdf, sello = html / "rnnbook.pdf", RAIZ / una_pagina / ".huella"
    # La huella de un sitio no incluye el otro (el inglés vive en en/).
    paginas = [
        p
        for p in html.rglob("*.html")
        if idioma == "en" or p.relative_to(html).parts[0] != "en"
    ]
    huella = huella_de(
        [*paginas, *html.glob("_images/*"), *html.glob("_static/*.css")]
        + [RAIZ / "docs" / "_ext" / "libro_pdf.py"],
        RAIZ,
    )
    anterior = sello.read_text().strip() if sello.is_file() else None
    if incremental and pdf.is_file() and anterior == huella:
        print(f"PDF ({idioma}) al día: {pdf}")
        return None
    if incremental and pdf.is_file() and "--pdf" not in sys.argv[2:]:
        print(
            f"AVISO: {pdf} es de una versión anterior del sitio; "
            "python3 tareas.py libro --incremental --pdf lo regenera."
        )
        return None
    from libro_pdf import ErrorPDF, buscar_chromium

    try:
        buscar_chromium()
    except ErrorPDF as e:
        # En la integración continua el PDF es obligatorio: sphinx-build fallará con
        # este mismo mensaje. En un portátil sin Chromium, el sitio sirve sin PDF.
        if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
            print(f"AVISO: libro sin PDF. {e}")
            return None
    orden = [
        BIN / "sphinx-build", "-W", "--keep-going", "-n", "-b", "singlehtml",
        *etiquetas, "-c", ".", "-d", f"{sitio}/.doctrees",
        "-D", f"libro_pdf_salida={pdf.relative_to(RAIZ).as_posix()}",
        "docs", una_pagina,
    ]  # fmt: skip
    return orden, sello, huella


def _en_paralelo(ordenes: list[list]) -> None:
    """Ejecuta las órdenes a la vez; falla (como ``_ejecutar``) si falla alguna."""
    procesos = []
    for orden in ordenes:
        print("+", " ".join(str(a) for a in orden), flush=True)
        procesos.append(subprocess.Popen([str(a) for a in orden], cwd=RAIZ))
    codigos = [p.wait() for p in procesos]
    for orden, codigo in zip(ordenes, codigos):
        if codigo:
            raise subprocess.CalledProcessError(codigo, [str(a) for a in orden])


def pruebas() -> None:
    """Toda la batería: pruebas unitarias, doctests y ejemplos descargables."""
    preparar_entorno()
    # Los ejemplos descargables dominan el tiempo: se reparten entre los núcleos, con un
    # proceso por núcleo y un hilo por proceso (también los núcleos de Jupyter y los
    # scripts que lanzan las pruebas). Con los hilos por defecto de PyTorch, varios
    # procesos a la vez se estorban: un ejemplo de 13 s tardaba minutos.
    entorno = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    # «worksteal»: un proceso que termina su parte toma pruebas pendientes del otro (con el
    # reparto fijo, los cuadernos del final se ejecutaban uno tras otro en un solo proceso).
    _ejecutar(
        BIN / "python",
        "-m",
        "pytest",
        "-n",
        "auto",
        "--dist",
        "worksteal",
        *sys.argv[2:],
        env=entorno,
    )


def rapidas() -> None:
    """Las pruebas del día a día: unitarias y doctests, sin ejecutar ejemplos ni Chromium."""
    preparar_entorno()
    entorno = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    _ejecutar(
        BIN / "python", "-m", "pytest", "-n", "auto", "-m", "not lento and not navegador",
        *sys.argv[2:], env=entorno,
    )  # fmt: skip


def estilo() -> None:
    """``ruff check`` y ``ruff format --check`` (con ``--fix``, los arregla)."""
    preparar_entorno()
    if "--fix" in sys.argv[2:]:
        _ejecutar(BIN / "ruff", "check", "--fix", ".")
        _ejecutar(BIN / "ruff", "format", ".")
    else:
        _ejecutar(BIN / "ruff", "check", ".")
        _ejecutar(BIN / "ruff", "format", "--check", ".")


def corpus() -> None:
    """Regenera ``rnnbook/datos/corpus_libro.txt`` con la prosa de hoy.

    Es el corpus del ejercicio A2: cambiarlo cambia lo que mide ese ejemplo, así
    que se regenera a propósito (y se confirma en git), no en cada construcción.
    """
    preparar_entorno()
    destino = RAIZ / "rnnbook" / "datos" / "corpus_libro.txt"
    _ejecutar(
        BIN / "python", "-c",
        "from rnnbook.libro import construir_corpus_libro; "
        f"construir_corpus_libro('.', destino={str(destino)!r})",
    )  # fmt: skip
    print(f"Corpus regenerado: {destino}")


TAREAS = {
    "libro": libro,
    "pruebas": pruebas,
    "rapidas": rapidas,
    "estilo": estilo,
    "corpus": corpus,
    "traducir": traducir,
    "entorno": preparar_entorno,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TAREAS:
        sys.exit(
            f"Uso: python3 tareas.py {{{','.join(TAREAS)}}} [argumentos de pytest]"
        )
    try:
        TAREAS[sys.argv[1]]()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
