"""Velocidad de la LSTM desde cero (NumPy) frente a PyTorch CPU con autograd.

Mide *forward* + *backward* de una secuencia completa con los mismos pesos y
las mismas formas, en float32 y float64, como mediana de varias repeticiones
tras un calentamiento (las dos implementaciones se alternan para que compartan
la carga de la máquina). Imprime una tabla con los tiempos y la razón
NumPy / PyTorch::

    python benchmarks/velocidad_numpy_lstm.py
    python benchmarks/velocidad_numpy_lstm.py --N 64 --T 100 --hilos 1

No es una prueba: los tiempos dependen de la máquina y de su carga.
"""

from __future__ import annotations

import argparse
import platform

import numpy as np
import torch

from rnnbook.experimentos import medir_velocidad_lstm


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--N", type=int, default=128, help="tamaño del lote (128)")
    parser.add_argument(
        "--T", type=int, default=50, help="longitud de la secuencia (50)"
    )
    parser.add_argument(
        "--D", type=int, default=32, help="dimensión de la entrada (32)"
    )
    parser.add_argument("--H", type=int, default=64, help="dimensión del estado (64)")
    parser.add_argument(
        "--repeticiones", type=int, default=15, help="repeticiones medidas (15)"
    )
    parser.add_argument(
        "--calentamiento", type=int, default=3, help="repeticiones descartadas (3)"
    )
    parser.add_argument(
        "--hilos",
        type=int,
        default=None,
        help="hilos de PyTorch (por defecto, los que elija PyTorch)",
    )
    args = parser.parse_args(argv)
    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, PyTorch {torch.__version__}, "
        f"CPU: {platform.processor() or platform.machine()}"
    )
    print(
        f"Formas: N={args.N}, T={args.T}, D={args.D}, H={args.H}; mediana de {args.repeticiones} "
        f"repeticiones tras {args.calentamiento} de calentamiento.\n"
    )
    tabla = medir_velocidad_lstm(
        args.N,
        args.T,
        args.D,
        args.H,
        repeticiones=args.repeticiones,
        calentamiento=args.calentamiento,
        hilos=args.hilos,
    )
    print(tabla.to_string(float_format=lambda v: f"{v:.2f}"))
    peor = float(tabla["NumPy / PyTorch"].max())
    print(
        f"\nRazón NumPy / PyTorch más desfavorable: {peor:.2f} "
        f"({'dentro' if peor <= 2 else 'fuera'} del objetivo de 2×)."
    )


if __name__ == "__main__":
    main()
