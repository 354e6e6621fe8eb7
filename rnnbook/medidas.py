"""Registro de las cifras medidas por los ejemplos, para citarlas en los capítulos.

Los capítulos en Markdown no ejecutan código, pero tampoco escriben cifras a
mano: un ejemplo de la galería registra lo que mide con :func:`registrar_medida`
y el capítulo lo cita con el rol ``{medida}`clave```, que Sphinx sustituye por
el valor medido en esa misma construcción.

Fuera de la construcción del libro (la variable de entorno
``RNNBOOK_MEDIDAS`` no está definida) registrar una medida no escribe nada.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

__all__ = ["registrar_medida"]

_CLAVE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


def registrar_medida(clave: str, valor, formato: str = "{}") -> str:
    """Registra una cifra medida y devuelve su texto formateado.

    Parameters
    ----------
    clave : str
        Nombre jerárquico en minúsculas, p. ej. ``"parte1.bptt.perdida_200"``.
    valor : int, float o str
        Lo medido.
    formato : str
        Formato de :meth:`str.format`, p. ej. ``"{:.4f}"`` o ``"{:,}"``.

    Returns
    -------
    str
        ``formato.format(valor)``.

    Examples
    --------
    >>> registrar_medida("ejemplo.perdida", 0.22314, "{:.3f}")
    '0.223'
    """
    if not isinstance(clave, str) or not _CLAVE.match(clave):
        raise ValueError(
            "clave debe tener la forma 'parte.seccion.nombre' en minúsculas; "
            f"se recibió {clave!r}."
        )
    if isinstance(valor, bool) or not isinstance(valor, (int, float, str)):
        raise TypeError(f"valor debe ser int, float o str; se recibió {type(valor).__name__}.")
    texto = formato.format(valor)
    carpeta = os.environ.get("RNNBOOK_MEDIDAS")
    if carpeta:
        ruta = Path(carpeta)
        ruta.mkdir(parents=True, exist_ok=True)
        (ruta / f"{clave}.json").write_text(
            json.dumps({"clave": clave, "valor": valor, "texto": texto}, ensure_ascii=False),
            encoding="utf-8",
        )
    return texto
