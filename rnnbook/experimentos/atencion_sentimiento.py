"""Ejercicio A3: el clasificador de sentimiento con y sin atención, y a qué palabras atiende."""

from __future__ import annotations

import torch

from ..datos.sentimiento import NEGACION, SentimientoNegacionDataset
from ..entorno import elegir_dispositivo
from .convolucional import medir_clasificador

__all__ = [
    "TIPOS_PALABRA",
    "comparar_atencion",
    "pesos_atencion",
    "tipos_palabra_negacion",
    "atencion_por_tipo",
    "elegir_ejemplos",
]

#: Nombres de los tipos de palabra de :func:`tipos_palabra_negacion`, por código.
TIPOS_PALABRA = ("neutra", "«no»", "positiva", "negativa")


def comparar_atencion(
    conjuntos: dict,
    fabricas: dict,
    semillas,
    *,
    epocas: int,
    lr: float,
    dispositivo="auto",
):
    """Entrena cada modelo en cada conjunto con varias semillas y mide la prueba.

    Parameters
    ----------
    conjuntos : dict nombre → (entrenamiento, validacion, prueba)
    fabricas : dict nombre → callable ``fabrica(semilla) -> nn.Module``
    semillas : secuencia de int
    epocas : int
    lr : float
    dispositivo : {"auto", "cpu", "cuda"} o torch.device

    Returns
    -------
    resultados : pandas.DataFrame
        Una fila por (conjunto, modelo, semilla) con ``exactitud`` (prueba),
        ``exactitud_validacion`` (la mejor), ``parametros`` y ``segundos_epoca``.
    modelos : dict (conjunto, modelo, semilla) → nn.Module
        Los modelos entrenados (pesos de la mejor época de validación).
    """
    import pandas as pd

    filas, modelos = [], {}
    for nombre_datos, (ent, val, prueba) in conjuntos.items():
        for nombre_modelo, fabrica in fabricas.items():
            for semilla in semillas:
                modelo = fabrica(semilla)
                r = medir_clasificador(
                    modelo,
                    ent,
                    val,
                    prueba,
                    epocas=epocas,
                    lr=lr,
                    semilla=semilla,
                    dispositivo=dispositivo,
                )
                filas.append(
                    {
                        "conjunto": nombre_datos,
                        "modelo": nombre_modelo,
                        "semilla": semilla,
                        "exactitud": r["exactitud"],
                        "exactitud_validacion": max(
                            r["historial"].columna("exactitud_validacion")
                        ),
                        "parametros": r["parametros"],
                        "segundos_epoca": r["segundos_epoca"],
                    }
                )
                modelos[nombre_datos, nombre_modelo, semilla] = modelo
    return pd.DataFrame(filas), modelos


@torch.no_grad()
def pesos_atencion(modelo, x: torch.Tensor, *, dispositivo="auto"):
    """Pesos de atención y probabilidades de clase de un modelo con ``devolver_pesos``.

    Parameters
    ----------
    modelo : SentimentLSTMAtencion
    x : Tensor de forma (N, T), int64

    Returns
    -------
    alfa : Tensor de forma (N, T)
    probabilidades : Tensor de forma (N, C)
    """
    dev = elegir_dispositivo(dispositivo)
    estaba = modelo.training
    modelo.eval().to(dev)
    try:
        logits, alfa = modelo(x.to(dev), devolver_pesos=True)
    finally:
        modelo.train(estaba)
    return alfa.cpu(), torch.softmax(logits, dim=1).cpu()


def tipos_palabra_negacion(ds: SentimientoNegacionDataset) -> torch.Tensor:
    """Tipo de cada posición de la variante con negación, forma (N, T).

    Códigos: 0 neutra, 1 el «no», 2 la palabra positiva, 3 la negativa
    (nombres en :data:`TIPOS_PALABRA`). En la clase 1 la negada es la
    negativa; en la clase 0, la positiva.

    Examples
    --------
    >>> from rnnbook.datos import SentimientoNegacionDataset
    >>> ds = SentimientoNegacionDataset(3, max_len=8, seed=0)
    >>> tipos_palabra_negacion(ds).flatten().bincount().tolist()  # 15 neutras, 3 de cada
    [15, 3, 3, 3]
    """
    if not isinstance(ds, SentimientoNegacionDataset):
        raise TypeError(
            "ds debe ser un SentimientoNegacionDataset; "
            f"se recibió {type(ds).__name__}."
        )
    tipos = torch.zeros_like(ds.data)  # (N, T)
    tipos[ds.data == NEGACION] = 1
    L = ds.palabras_por_polaridad
    tipos[(ds.data >= 2) & (ds.data < 2 + L)] = 2
    tipos[(ds.data >= 2 + L) & (ds.data < 2 + 2 * L)] = 3
    return tipos


def atencion_por_tipo(ds: SentimientoNegacionDataset, alfa: torch.Tensor):
    """Peso de atención medio que recibe **una** palabra de cada tipo, por clase real.

    Parameters
    ----------
    ds : SentimientoNegacionDataset
    alfa : Tensor de forma (N, T)
        Pesos de :func:`pesos_atencion` sobre ``ds.data``.

    Returns
    -------
    pandas.DataFrame
        Filas: ``clase 0`` (la positiva negada) y ``clase 1`` (la negativa
        negada); columnas: :data:`TIPOS_PALABRA`. Con atención uniforme, cada
        celda valdría :math:`1/T`.
    """
    import pandas as pd

    if tuple(alfa.shape) != tuple(ds.data.shape):
        raise ValueError(
            f"alfa debe tener forma {tuple(ds.data.shape)}; "
            f"se recibió {tuple(alfa.shape)}."
        )
    tipos = tipos_palabra_negacion(ds)
    filas = {}
    for clase, nombre in (
        (0, "clase 0: «no» + positiva"),
        (1, "clase 1: «no» + negativa"),
    ):
        de_clase = (ds.labels == clase)[:, None]  # (N, 1)
        filas[nombre] = [
            float(alfa[(tipos == codigo) & de_clase].mean())
            for codigo in range(len(TIPOS_PALABRA))
        ]
    return pd.DataFrame.from_dict(filas, orient="index", columns=list(TIPOS_PALABRA))


def elegir_ejemplos(
    probabilidades: torch.Tensor, etiquetas: torch.Tensor, n_bien: int, n_mal: int
):
    """Índices de frases bien clasificadas y mal clasificadas para mostrarlas.

    Las bien clasificadas son las primeras ``n_bien``; las mal clasificadas, las
    primeras ``n_mal`` que haya. Si hay menos errores que ``n_mal``, se
    completan con las bien clasificadas **menos seguras** (menor probabilidad
    de la clase real).

    Parameters
    ----------
    probabilidades : Tensor de forma (N, C)
    etiquetas : Tensor de forma (N,), int64
    n_bien, n_mal : int

    Returns
    -------
    list of tuple (int, str)
        ``(índice, "bien" | "mal" | "dudosa")``.

    Examples
    --------
    >>> p = torch.tensor([[0.9, 0.1], [0.2, 0.8], [0.45, 0.55], [0.6, 0.4]])
    >>> elegir_ejemplos(p, torch.tensor([0, 1, 1, 1]), 1, 2)
    [(0, 'bien'), (3, 'mal'), (2, 'dudosa')]
    """
    pred = probabilidades.argmax(1)
    bien = torch.nonzero(pred == etiquetas).flatten().tolist()
    mal = torch.nonzero(pred != etiquetas).flatten().tolist()
    elegidos = [(i, "bien") for i in bien[:n_bien]]
    elegidos += [(i, "mal") for i in mal[:n_mal]]
    faltan = n_mal - min(n_mal, len(mal))
    if faltan:
        p_real = probabilidades[torch.arange(len(etiquetas)), etiquetas]  # (N,)
        libres = set(bien) - {i for i, _ in elegidos}
        dudosas = [i for i in p_real.argsort().tolist() if i in libres]
        elegidos += [(i, "dudosa") for i in dudosas[:faltan]]
    return elegidos
