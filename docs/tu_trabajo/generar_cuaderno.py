"""Genera ``plantilla_informe.ipynb`` a partir de ``plantilla_informe.md``.

Una celda de Markdown por sección (``#`` y ``##``) y, en lugar de cada bloque
```` ```bash ````, una celda de código con las mismas órdenes precedidas de
``!`` (así se ejecutan desde el cuaderno). La prueba
``tests/test_comprobar.py`` regenera el cuaderno y exige que coincida con el
que se publica: las dos plantillas no pueden separarse.

Uso, desde la raíz del repositorio::

    python docs/tu_trabajo/generar_cuaderno.py
"""

import json
import re
from pathlib import Path

CARPETA = Path(__file__).resolve().parent
MARKDOWN = CARPETA / "plantilla_informe.md"
CUADERNO = CARPETA / "plantilla_informe.ipynb"


def _lineas(texto):
    """Las líneas de una celda en el formato de nbformat (cada una con su salto, salvo la última)."""
    lineas = texto.split("\n")
    return [linea + "\n" for linea in lineas[:-1]] + [lineas[-1]]


def celdas(texto_md):
    """Las celdas del cuaderno: Markdown por sección, código por bloque ``bash``."""
    resultado = []
    secciones = re.split(r"\n(?=## )", texto_md.strip("\n"))
    for seccion in secciones:
        trozos = re.split(r"```bash\n(.*?)```\n?", seccion, flags=re.S)
        for k, trozo in enumerate(trozos):
            trozo = trozo.strip("\n")
            if not trozo:
                continue
            if k % 2 == 0:
                resultado.append(
                    {"cell_type": "markdown", "metadata": {}, "source": _lineas(trozo)}
                )
            else:
                codigo = "\n".join("!" + linea for linea in trozo.split("\n"))
                resultado.append(
                    {
                        "cell_type": "code",
                        "execution_count": None,
                        "metadata": {},
                        "outputs": [],
                        "source": _lineas(codigo),
                    }
                )
    return resultado


def cuaderno(texto_md):
    """El cuaderno completo (nbformat 4) como dict."""
    return {
        "cells": celdas(texto_md),
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def texto_cuaderno(texto_md):
    """El JSON que se escribe en ``plantilla_informe.ipynb``."""
    nb = cuaderno(texto_md)
    for i, celda in enumerate(nb["cells"]):
        celda["id"] = f"celda-{i:02d}"
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    CUADERNO.write_text(
        texto_cuaderno(MARKDOWN.read_text(encoding="utf-8")), encoding="utf-8"
    )
    print(f"Escrito {CUADERNO}")
