"""Figura del banco de pruebas RNN, LSTM y GRU (parte 4)."""

from __future__ import annotations

import numpy as np

from ..experimentos.benchmark import TIPOS_BENCHMARK
from ..figuras.estilo import PALETA, nueva_figura
from ..libro import formato_miles

__all__ = ["figura_benchmark"]


def figura_benchmark(resultados: dict):
    """Figura del benchmark (``benchmark_rnn_lstm_gru.png``): seis paneles.

    Parámetros, tiempo por paso (mediana y rango intercuartílico, una barra
    por dispositivo), memoria de activaciones, la pérdida «final» de la guía
    frente a la de un lote nuevo, la exactitud de prueba en la tarea de
    dependencia larga y un recuadro con la configuración.

    Parameters
    ----------
    resultados : dict
        Salida de :func:`ejecutar_benchmark` (o el JSON leído).

    Returns
    -------
    matplotlib.figure.Figure
    """
    tipos = list(TIPOS_BENCHMARK)
    colores = [PALETA[t.lower()] for t in tipos]
    x = np.arange(len(tipos))
    fig, ejes = nueva_figura(2, 3, ancho=14.0, alto=8.0)
    (a_par, a_t, a_mem), (a_memo, a_cal, a_txt) = ejes

    def barras(ax, valores, fmt, desplazamiento=0.0, ancho=0.6, **kw):
        b = ax.bar(
            x + desplazamiento, valores, ancho, edgecolor="black", linewidth=0.8, **kw
        )
        ax.bar_label(
            b,
            labels=[fmt(v) if callable(fmt) else fmt.format(v) for v in valores],
            padding=2,
            fontsize=8,
        )
        ax.set_xticks(x, tipos)
        ax.grid(axis="x", visible=False)
        ax.margins(y=0.15)
        return b

    barras(
        a_par,
        [resultados["modelos"][t]["parametros"] for t in tipos],
        formato_miles,
        color=colores,
    )
    a_par.set_ylabel("parámetros")
    a_par.set_title("Número de parámetros")

    disp = [d for d, info in resultados["dispositivos"].items() if info["disponible"]]
    ancho = 0.8 / max(len(disp), 1)
    tramas = ["", "//"]
    for i, d in enumerate(disp):
        mods = resultados["dispositivos"][d]["modelos"]
        med = [mods[t]["tiempo_paso_ms"]["mediana"] for t in tipos]
        err = np.array(
            [
                [
                    med[j] - mods[t]["tiempo_paso_ms"]["p25"],
                    mods[t]["tiempo_paso_ms"]["p75"] - med[j],
                ]
                for j, t in enumerate(tipos)
            ]
        ).T
        off = (i - (len(disp) - 1) / 2) * ancho
        barras(
            a_t,
            med,
            "{:.1f}",
            off,
            ancho,
            color=colores,
            hatch=tramas[i % 2],
            yerr=err,
            capsize=3,
            label=d,
        )
        barras(
            a_mem,
            [mods[t]["memoria_activaciones_mb"] for t in tipos],
            "{:.1f}",
            off,
            ancho,
            color=colores,
            hatch=tramas[i % 2],
            label=d,
        )
    a_t.set_ylabel("ms por paso (mediana, barras = p25–p75)")
    a_t.set_title("Tiempo por paso de entrenamiento")
    a_mem.set_ylabel("MB guardados para el backward")
    a_mem.set_title("Memoria de activaciones por paso")
    if len(disp) > 1:
        a_t.legend(title="dispositivo")
        a_mem.legend(title="dispositivo")

    if "memorizacion_guia" in resultados:
        from matplotlib.patches import Patch

        m = resultados["memorizacion_guia"]["modelos"]
        nuevos = [m[t]["perdida_lote_nuevo"] for t in tipos]
        barras(
            a_memo,
            [m[t]["perdida_final"] for t in tipos],
            "{:.3f}",
            -0.2,
            0.4,
            color=colores,
        )
        barras(a_memo, nuevos, "{:.3f}", 0.2, 0.4, color="white", hatch="..")
        linea = a_memo.axhline(np.log(2), color=PALETA["estado"], ls=":", lw=1)
        a_memo.set_ylim(0, 1.55 * max(max(nuevos), np.log(2)))
        a_memo.set_ylabel("entropía cruzada")
        a_memo.set_title("Lo que mide la guía: memorizar ruido")
        a_memo.legend(
            [
                Patch(facecolor="#bbbbbb", edgecolor="black"),
                Patch(facecolor="white", edgecolor="black", hatch=".."),
                linea,
            ],
            [
                "lote memorizado («pérdida final» de la guía)",
                "lote nuevo de etiquetas aleatorias",
                "ln 2 (responder 50 %/50 %)",
            ],
            fontsize=8,
            loc="upper left",
        )
    if "calidad" in resultados:
        cal = resultados["calidad"]
        nombres = list(cal["modelos"])
        valores = [100 * cal["modelos"][k]["exactitud_prueba"] for k in nombres]
        xs = np.arange(len(nombres))
        b = a_cal.bar(
            xs,
            valores,
            0.6,
            edgecolor="black",
            linewidth=0.8,
            color=[PALETA[cal["modelos"][k]["tipo"].lower()] for k in nombres],
        )
        for barra_i, k in zip(b, nombres):
            if cal["modelos"][k]["sesgo_olvido"] is not None:
                barra_i.set_hatch("//")
        a_cal.bar_label(
            b, labels=[f"{v:.1f} %" for v in valores], padding=2, fontsize=8
        )
        a_cal.set_xticks(
            xs,
            [
                k
                if cal["modelos"][k]["sesgo_olvido"] is None
                else f"{cal['modelos'][k]['tipo']}\nb_f = {cal['modelos'][k]['sesgo_olvido']:g}"
                for k in nombres
            ],
        )
        a_cal.grid(axis="x", visible=False)
        a_cal.axhline(50, color=PALETA["estado"], ls=":", lw=1, label="azar")
        a_cal.set_ylim(0, 115)
        a_cal.set_ylabel("exactitud de prueba (%)")
        a_cal.set_title(f"Calidad: recordar un signo {cal['gap']} pasos")
        a_cal.legend(loc="upper right", fontsize=8)
    cfg = resultados["configuracion"]
    texto = (
        f"Configuración de la guía\n"
        f"entrada D = {cfg['input_size']}, oculto H = {cfg['hidden_size']}\n"
        f"T = {cfg['seq_len']} pasos, lote N = {cfg['tam_lote']}, {cfg['num_layers']} capas\n\n"
        f"Tiempo: mediana de {cfg['repeticiones']} pasos\n"
        f"tras {cfg['calentamiento']} de calentamiento\n"
        f"Dispositivos: {', '.join(disp) if disp else 'ninguno'}"
    )
    a_txt.axis("off")
    a_txt.text(
        0.02,
        0.95,
        texto,
        va="top",
        ha="left",
        fontsize=10,
        family="monospace",
        transform=a_txt.transAxes,
    )
    fig.suptitle(
        "Benchmark: RNN frente a LSTM frente a GRU", fontsize=13, fontweight="bold"
    )
    return fig
