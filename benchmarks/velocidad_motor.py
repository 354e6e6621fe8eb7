"""Velocidad del motor de entrenamiento frente al bucle de la guía y al cómputo puro.

Para el modelo y los hiperparámetros de la §3.2 (``LSTMSeriesPredictor`` con
H = 64 y dos capas, Adam ``lr = 1e-3``, lotes de 64, recorte a norma 1, 1379
ventanas de entrenamiento y 295 de validación) mide el tiempo de una época de
tres maneras, partiendo siempre de los mismos pesos:

``guía``
    El bucle de la guía tal cual: ``DataLoader(list(zip(X, y)), batch_size=64,
    shuffle=True)``, que reúne cada lote muestra a muestra en Python, ``.to``
    por lote y ``loss.item()`` por lote; la validación con otro ``DataLoader``.
``motor``
    :func:`rnnbook.entrenar` con validación en cada época, historial y
    restauración de la mejor época.
``cómputo puro``
    Lo mínimo imprescindible: los lotes ya cortados y en el dispositivo antes
    de medir, y para cada uno ``zero_grad`` → *forward* → pérdida →
    ``backward`` → recorte → ``step``; después, el *forward* de validación.

Las tres variantes validan una vez por época (la guía solo lo hace en las
épocas 1, 10, 20 y 30; aquí se iguala el trabajo). Se alternan en cada
repetición para repartir la carga de la máquina y se informa de la mediana
tras un calentamiento, en tiempo de reloj y en tiempo de CPU del proceso::

    python benchmarks/velocidad_motor.py
    python benchmarks/velocidad_motor.py --repeticiones 7 --hilos 1
    python benchmarks/velocidad_motor.py --dispositivo cuda

No es una prueba: los tiempos dependen de la máquina y de su carga.
"""

from __future__ import annotations

import copy
import json
import platform
import statistics
import time

import torch
from torch import nn
from torch.utils.data import DataLoader

from rnnbook import (
    LSTMSeriesPredictor,
    describir_dispositivo,
    elegir_dispositivo,
    entrenar,
    fijar_semilla,
)
from rnnbook.cli import AnalizadorArgumentos
from rnnbook.datos import preparar_datos_series


def _sincronizar(dispositivo: torch.device) -> None:
    if dispositivo.type == "cuda":
        torch.cuda.synchronize(dispositivo)


def bucle_guia(modelo, opt, dl_ent, dl_val, dispositivo, epocas: int) -> None:
    """El bucle de entrenamiento de la guía (§3.2), con validación en cada época."""
    criterio = nn.MSELoss()
    for _ in range(epocas):
        modelo.train()
        perdida_epoca = 0.0
        for Xb, yb in dl_ent:
            Xb, yb = Xb.to(dispositivo), yb.to(dispositivo)
            opt.zero_grad()
            perdida = criterio(modelo(Xb), yb)
            perdida.backward()
            nn.utils.clip_grad_norm_(modelo.parameters(), 1.0)
            opt.step()
            perdida_epoca += perdida.item()
        modelo.eval()
        perdida_val = 0.0
        with torch.no_grad():
            for Xb, yb in dl_val:
                Xb, yb = Xb.to(dispositivo), yb.to(dispositivo)
                perdida_val += criterio(modelo(Xb), yb).item()


def bucle_puro(modelo, opt, lotes, val, epocas: int) -> None:
    """Solo el cómputo: lotes ya cortados en el dispositivo, sin contabilidad."""
    criterio = nn.MSELoss()
    parametros = list(modelo.parameters())
    Xv, yv = val
    for _ in range(epocas):
        modelo.train()
        for Xb, yb in lotes:
            opt.zero_grad(set_to_none=True)
            perdida = criterio(modelo(Xb), yb)
            perdida.backward()
            nn.utils.clip_grad_norm_(parametros, 1.0)
            opt.step()
        modelo.eval()
        with torch.no_grad():
            criterio(modelo(Xv), yv)


def medir(
    epocas: int = 2,
    repeticiones: int = 5,
    dispositivo="auto",
    semilla: int = 0,
    n_serie: int = 2000,
) -> dict:
    """Mide las tres variantes y devuelve segundos por época (medianas) y cocientes."""
    disp = elegir_dispositivo(dispositivo)
    datos = preparar_datos_series(n=n_serie)
    Xe, ye = datos.par("entrenamiento")
    Xv, yv = datos.par("validacion")
    fijar_semilla(semilla)
    inicial = LSTMSeriesPredictor(hidden_size=64, num_layers=2, dropout=0.2)

    dl_ent = DataLoader(list(zip(Xe, ye)), batch_size=64, shuffle=True)
    dl_val = DataLoader(list(zip(Xv, yv)), batch_size=64)
    orden = torch.randperm(Xe.shape[0])
    lotes = [
        (Xe[orden[i : i + 64]].to(disp), ye[orden[i : i + 64]].to(disp))
        for i in range(0, Xe.shape[0], 64)
    ]
    val = (Xv.to(disp), yv.to(disp))

    def nuevo():
        m = copy.deepcopy(inicial).to(disp)
        return m, torch.optim.Adam(m.parameters(), lr=1e-3)

    def guia(ep):
        m, opt = nuevo()
        bucle_guia(m, opt, dl_ent, dl_val, disp, ep)

    def motor(ep):
        m, _ = nuevo()
        entrenar(
            m,
            (Xe, ye),
            (Xv, yv),
            perdida=nn.MSELoss(),
            epocas=ep,
            tam_lote=64,
            lr=1e-3,
            recorte_gradiente=1.0,
            dispositivo=disp,
            semilla=semilla,
            progreso=False,
        )

    def puro(ep):
        m, opt = nuevo()
        bucle_puro(m, opt, lotes, val, ep)

    def solo_dataloader(ep):
        for _ in range(ep):
            for Xb, yb in dl_ent:
                Xb.to(disp), yb.to(disp)

    variantes = {
        "guía": guia,
        "motor": motor,
        "cómputo puro": puro,
        "solo DataLoader": solo_dataloader,
    }
    for f in variantes.values():  # calentamiento (primitivas de oneDNN, cachés, cuDNN)
        f(1)
    reloj = {k: [] for k in variantes}
    cpu = {k: [] for k in variantes}
    for _ in range(repeticiones):
        for nombre, f in variantes.items():
            _sincronizar(disp)
            t0, c0 = time.perf_counter(), time.process_time()
            f(epocas)
            _sincronizar(disp)
            reloj[nombre].append((time.perf_counter() - t0) / epocas)
            cpu[nombre].append((time.process_time() - c0) / epocas)
    med = {k: statistics.median(v) for k, v in reloj.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    return {
        "dispositivo": describir_dispositivo(disp),
        "hilos": torch.get_num_threads(),
        "epocas_por_medida": epocas,
        "repeticiones": repeticiones,
        "s_por_epoca": med,
        "s_cpu_por_epoca": med_cpu,
        "aceleracion_frente_a_guia": med["guía"] / med["motor"],
        "sobrecoste_frente_a_computo": med["motor"] / med["cómputo puro"] - 1,
        "aceleracion_frente_a_guia_cpu": med_cpu["guía"] / med_cpu["motor"],
        "sobrecoste_frente_a_computo_cpu": med_cpu["motor"] / med_cpu["cómputo puro"]
        - 1,
        "dataloader_fraccion_guia": med["solo DataLoader"] / med["guía"],
    }


def main(argv=None) -> dict:
    p = AnalizadorArgumentos(
        prog="velocidad_motor.py", description=__doc__.splitlines()[0]
    )
    p.add_argument("--epocas", type=int, default=2, help="épocas por medida (2)")
    p.add_argument(
        "--repeticiones",
        type=int,
        default=5,
        help="repeticiones medidas tras el calentamiento (5)",
    )
    p.add_argument(
        "--dispositivo",
        default="auto",
        choices=("auto", "cpu", "cuda"),
        help="dispositivo (auto: CUDA si existe)",
    )
    p.add_argument(
        "--hilos",
        type=int,
        default=None,
        help="hilos de PyTorch en CPU (por defecto, los de PyTorch)",
    )
    p.add_argument("--semilla", type=int, default=0, help="semilla (0)")
    p.add_argument(
        "--n-serie",
        type=int,
        default=2000,
        help="longitud de la serie (2000, la de la guía)",
    )
    p.add_argument(
        "--json",
        default=None,
        metavar="RUTA",
        help="guarda también los resultados en un JSON",
    )
    args = p.parse_args(argv)
    if args.epocas < 1 or args.repeticiones < 1 or args.n_serie < 100:
        p.error("--epocas y --repeticiones deben ser >= 1 y --n-serie >= 100")
    if args.hilos is not None:
        if args.hilos < 1:
            p.error("--hilos debe ser >= 1")
        torch.set_num_threads(args.hilos)
    print(
        f"Python {platform.python_version()}, PyTorch {torch.__version__}, "
        f"CPU: {platform.processor() or platform.machine()}, hilos de PyTorch: {torch.get_num_threads()}"
    )
    r = medir(
        args.epocas, args.repeticiones, args.dispositivo, args.semilla, args.n_serie
    )
    print(
        f"Dispositivo: {r['dispositivo']}; mediana de {r['repeticiones']} repeticiones de "
        f"{r['epocas_por_medida']} épocas tras una de calentamiento.\n"
    )
    print(f"{'variante':<16} {'s/época (reloj)':>16} {'s/época (CPU)':>14}")
    for k in r["s_por_epoca"]:
        print(f"{k:<16} {r['s_por_epoca'][k]:>16.4f} {r['s_cpu_por_epoca'][k]:>14.4f}")
    print(
        f"\nMotor frente a la guía: {r['aceleracion_frente_a_guia']:.2f}× más rápido "
        f"(CPU: {r['aceleracion_frente_a_guia_cpu']:.2f}×; objetivo >= 1.4×)"
    )
    print(
        f"Sobrecoste del motor sobre el cómputo puro: {100 * r['sobrecoste_frente_a_computo']:+.1f} % "
        f"(CPU: {100 * r['sobrecoste_frente_a_computo_cpu']:+.1f} %; objetivo <= 10 %)"
    )
    print(
        f"Reunir los lotes con el DataLoader de la guía: {100 * r['dataloader_fraccion_guia']:.1f} % "
        f"de su época"
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(r, f, ensure_ascii=False, indent=2)
    return r


if __name__ == "__main__":
    main()
