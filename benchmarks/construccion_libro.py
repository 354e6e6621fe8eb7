"""Cuánto cuesta reconstruir el libro: limpio, sin cambios, un capítulo, un ejemplo.

Mide, con las mismas órdenes que usa cualquiera (``python3 tareas.py libro`` y
``python3 tareas.py libro --incremental``), el tiempo de reloj de:

``limpia``
    Construcción desde cero: borra lo generado y ejecuta todos los ejemplos.
``sin cambios``
    ``--incremental`` justo después: nada que releer ni ejecutar.
``un capítulo``
    ``--incremental`` tras añadir una línea (un comentario HTML) a un capítulo.
``un ejemplo``
    ``--incremental`` tras añadir un comentario a un script de la galería: solo
    se vuelve a ejecutar ese ejemplo. Se compara con lo que tarda el ejemplo en
    sí (lo que sphinx-gallery registra en ``*.cost.json``).

Los archivos tocados se restauran al terminar (también si algo falla), y una
última construcción incremental deja el libro igual que al principio::

    python benchmarks/construccion_libro.py
    python benchmarks/construccion_libro.py --sin-limpia    # parte del libro ya construido
    python benchmarks/construccion_libro.py --capitulo docs/parte3.md \\
        --ejemplo gallery/parte2_gradiente_lstm/plot_05_celda_gru.py

Objetivo (issue del libro incremental): sin cambios y un capítulo, como mucho
el 20 % de la construcción limpia; un ejemplo, aproximadamente lo que tarda
ese ejemplo más la reconstrucción sin cambios. No es una prueba: los tiempos
dependen de la máquina y de su carga.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]


def construir(incremental: bool) -> tuple[float, int, int]:
    """Ejecuta ``tareas.py libro``: segundos de reloj, páginas leídas y ejemplos ejecutados.

    Las páginas leídas salen del resumen de Sphinx («updating environment: N added,
    M changed»); los ejemplos ejecutados, de los ``.py.md5`` que sphinx-gallery
    escribe solo tras ejecutar un ejemplo.
    """
    orden = [sys.executable, "tareas.py", "libro"]
    if incremental:
        orden.append("--incremental")
    marca = time.time()
    inicio = time.perf_counter()
    r = subprocess.run(orden, cwd=RAIZ, capture_output=True, text=True)
    segundos = time.perf_counter() - inicio
    if r.returncode != 0:
        sys.exit(
            f"Falló {' '.join(orden[1:])}:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
        )
    leidas = sum(
        int(m.group(1)) + int(m.group(2))
        for m in re.finditer(
            r"updating environment: .*?(\d+) added, (\d+) changed", r.stdout
        )
    )
    ejecutados = sum(
        1
        for md5 in (RAIZ / "docs" / "galeria").rglob("*.py.md5")
        if md5.stat().st_mtime >= marca
    )
    return segundos, leidas, ejecutados


def coste_del_ejemplo(script: Path) -> float:
    """Segundos que tardó el ejemplo en su última ejecución (según sphinx-gallery)."""
    relativa = script.resolve().relative_to(RAIZ / "gallery")
    coste = RAIZ / "docs" / "galeria" / relativa.with_suffix(".cost.json")
    return float(json.loads(coste.read_text(encoding="utf-8"))["time"])


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--sin-limpia", action="store_true", help="no hace la construcción limpia"
    )
    p.add_argument("--capitulo", type=Path, default=Path("docs/parte2.md"))
    p.add_argument(
        "--ejemplo", type=Path, default=Path("gallery/parte1_rnn/plot_01_celda_rnn.py")
    )
    args = p.parse_args(argv)
    capitulo, ejemplo = RAIZ / args.capitulo, RAIZ / args.ejemplo
    for ruta in (capitulo, ejemplo):
        if not ruta.is_file():
            sys.exit(f"No existe {ruta}.")

    filas: list[tuple[str, tuple[float, int, int]]] = []
    if not args.sin_limpia:
        filas.append(("limpia", construir(incremental=False)))
    elif not (RAIZ / "_build" / "html" / "index.html").is_file():
        sys.exit("--sin-limpia necesita el libro construido (python3 tareas.py libro).")
    else:
        construir(incremental=True)  # punto de partida al día
    filas.append(("sin cambios", construir(incremental=True)))

    originales = {ruta: ruta.read_bytes() for ruta in (capitulo, ejemplo)}
    try:
        with capitulo.open("a", encoding="utf-8") as f:
            f.write("\n<!-- medición de la construcción incremental -->\n")
        filas.append((f"un capítulo ({args.capitulo})", construir(incremental=True)))
        capitulo.write_bytes(originales[capitulo])

        with ejemplo.open("a", encoding="utf-8") as f:
            f.write("\n# (medición de la construcción incremental)\n")
        filas.append((f"un ejemplo ({args.ejemplo.name})", construir(incremental=True)))
        propio = coste_del_ejemplo(ejemplo)
    finally:
        for ruta, contenido in originales.items():
            ruta.write_bytes(contenido)
    filas.append(
        ("restaurar (capítulo y ejemplo originales)", construir(incremental=True))
    )

    limpia = dict(filas).get("limpia", (None,))[0]
    print(
        f"Construcción del libro ({os.cpu_count()} núcleos; páginas leídas por Sphinx,"
    )
    print("ejemplos ejecutados por sphinx-gallery)")
    print(
        f"{'caso':<44} {'segundos':>9} {'vs. limpia':>11} {'páginas':>8} {'ejemplos':>9}"
    )
    for nombre, (s, leidas, ejecutados) in filas:
        relativo = f"{100 * s / limpia:10.0f}%" if limpia else f"{'—':>11}"
        print(f"{nombre:<44} {s:9.1f} {relativo} {leidas:8d} {ejecutados:9d}")
    print(f"{'  (el ejemplo en sí, según sphinx-gallery)':<44} {propio:9.1f}")


if __name__ == "__main__":
    main()
