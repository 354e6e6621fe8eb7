"""Parte 4: LSTM bidireccional y LSTM apilada."""

from __future__ import annotations

import re

import torch
from torch import nn

from .. import validacion as _v
from ..datos.pista_inicial import crear_tarea_pista_inicial
from ..entorno import fijar_semilla
from ..entrenamiento import entrenar, evaluar, exactitud
from ..modelos.bilstm import BiLSTMClassifier, ClasificadorLSTMTokens
from ..modelos.parametros import contar_parametros

__all__ = [
    "factor_parametros_bilstm",
    "alineacion_estados_bilstm",
    "dependencia_del_futuro",
    "comparar_bilstm_lstm",
    "tabla_parametros_apilado",
    "comparar_profundidades",
]


def factor_parametros_bilstm(
    vocab_size: int = 1000,
    embed_dim: int = 64,
    hidden_size: int = 128,
    num_classes: int = 2,
    num_layers: int = 2,
) -> dict[str, float]:
    r"""Parámetros de la BiLSTM frente a la LSTM unidireccional con el **mismo** H.

    Returns
    -------
    dict
        ``lstm``, ``bilstm`` (modelos completos), ``factor_total``; y
        ``capas_lstm``, ``capas_bilstm``, ``factor_capas`` contando solo las
        capas recurrentes.

    Notes
    -----
    Una capa de una dirección tiene :math:`4(H\,d_{in} + H^2 + 2H)`
    parámetros. La BiLSTM duplica cada capa y, a partir de la segunda, la
    entrada es :math:`2H`; por eso el factor de las capas recurrentes es 2
    con una capa y más de 2 con varias. La incrustación no cambia, así que el
    factor del modelo completo queda por debajo.

    Examples
    --------
    >>> f = factor_parametros_bilstm(1000, 64, 128, 2, num_layers=1)
    >>> f["factor_capas"]
    2.0
    """
    uni = ClasificadorLSTMTokens(
        vocab_size, embed_dim, hidden_size, num_classes, 0.0, num_layers
    )
    bi = BiLSTMClassifier(
        vocab_size, embed_dim, hidden_size, num_classes, 0.0, num_layers
    )
    res = {
        "lstm": contar_parametros(uni),
        "bilstm": contar_parametros(bi),
        "capas_lstm": contar_parametros(uni.lstm),
        "capas_bilstm": contar_parametros(bi.lstm),
    }
    res["factor_total"] = res["bilstm"] / res["lstm"]
    res["factor_capas"] = res["capas_bilstm"] / res["capas_lstm"]
    return res


# ------------------------------------------------------------ alineación de estados
@torch.no_grad()
def alineacion_estados_bilstm(
    modelo: ClasificadorLSTMTokens, x: torch.Tensor
) -> dict[str, float]:
    r"""Comprueba numéricamente qué hay en ``out[:, -1, :]`` y en ``h_n`` de una BiLSTM.

    Se evalúa en modo ``eval()`` (sin *dropout*) y se devuelven diferencias
    máximas en valor absoluto:

    * ``adelante_ultimo_vs_hn``: :math:`|\texttt{out}[:, -1, :H] - \texttt{h\_n}[-2]|`
      (0: la mitad hacia adelante del último paso **sí** es su estado final);
    * ``atras_primero_vs_hn``: :math:`|\texttt{out}[:, 0, H:] - \texttt{h\_n}[-1]|`
      (0: el estado final hacia atrás está en el **primer** paso);
    * ``atras_ultimo_vs_hn``: :math:`|\texttt{out}[:, -1, H:] - \texttt{h\_n}[-1]|`
      (grande: lo que toma la guía no es el estado final hacia atrás);
    * ``atras_ultimo_vs_un_paso``: diferencia entre ``out[:, -1, H:]`` y una
      sola aplicación de la celda hacia atrás de la última capa, desde el
      estado cero, a la entrada de esa capa en el paso T (0: la mitad hacia
      atrás de ``out[:, -1, :]`` ha dado **un único paso**).

    Parameters
    ----------
    modelo : ClasificadorLSTMTokens
        Un modelo bidireccional.
    x : Tensor de forma (N, T), int64

    Returns
    -------
    dict
        Las cuatro diferencias y ``H``.

    Examples
    --------
    >>> _ = fijar_semilla(0)
    >>> d = alineacion_estados_bilstm(BiLSTMClassifier(30, 8, 6, 2), torch.randint(1, 30, (3, 9)))
    >>> d["adelante_ultimo_vs_hn"], d["atras_primero_vs_hn"], d["atras_ultimo_vs_hn"] > 1e-3
    (0.0, 0.0, True)
    """
    if not isinstance(modelo, ClasificadorLSTMTokens) or not modelo.bidireccional:
        raise ValueError(
            "alineacion_estados_bilstm necesita un ClasificadorLSTMTokens bidireccional."
        )
    estaba = modelo.training
    modelo.eval()
    try:
        out, h_n = modelo.estados(x)  # (N, T, 2H), (2L, N, H)
        H = modelo.hidden_size
        lstm = modelo.lstm
        # Entrada de la última capa en el paso T: salida de la capa anterior o la incrustación.
        if modelo.num_layers == 1:
            entrada = modelo.embedding(x)  # (N, T, E)
        else:
            previa = nn.LSTM(
                lstm.input_size,
                H,
                num_layers=modelo.num_layers - 1,
                batch_first=True,
                bidirectional=True,
            ).to(out.device, out.dtype)
            previa.load_state_dict(
                {
                    k: v
                    for k, v in lstm.state_dict().items()
                    if int(re.search(r"_l(\d+)", k).group(1)) < modelo.num_layers - 1
                }
            )
            entrada, _ = previa(modelo.embedding(x))  # (N, T, 2H)
        capa = modelo.num_layers - 1
        celda = nn.LSTMCell(entrada.shape[-1], H).to(out.device, out.dtype)
        celda.weight_ih.copy_(getattr(lstm, f"weight_ih_l{capa}_reverse"))
        celda.weight_hh.copy_(getattr(lstm, f"weight_hh_l{capa}_reverse"))
        celda.bias_ih.copy_(getattr(lstm, f"bias_ih_l{capa}_reverse"))
        celda.bias_hh.copy_(getattr(lstm, f"bias_hh_l{capa}_reverse"))
        un_paso, _ = celda(entrada[:, -1, :])  # (N, H): un paso desde h = c = 0
        return {
            "H": H,
            "adelante_ultimo_vs_hn": float((out[:, -1, :H] - h_n[-2]).abs().max()),
            "atras_primero_vs_hn": float((out[:, 0, H:] - h_n[-1]).abs().max()),
            "atras_ultimo_vs_hn": float((out[:, -1, H:] - h_n[-1]).abs().max()),
            "atras_ultimo_vs_un_paso": float((out[:, -1, H:] - un_paso).abs().max()),
        }
    finally:
        modelo.train(estaba)


@torch.no_grad()
def dependencia_del_futuro(
    modelo: ClasificadorLSTMTokens, x: torch.Tensor, t: int, semilla: int = 0
) -> float:
    r"""Cuánto cambia la salida en el paso ``t`` si se cambian los *tokens* posteriores.

    Se sustituyen al azar los *tokens* de las posiciones ``t+1, …, T-1`` y se
    devuelve :math:`\max |\texttt{out}[:, t, :] - \texttt{out}'[:, t, :]|`.
    Para una LSTM unidireccional es exactamente 0 (puede emitir su salida en
    el paso ``t`` sin esperar al resto: sirve en *streaming*); para una BiLSTM
    no, porque su mitad hacia atrás ya ha leído el futuro.

    Parameters
    ----------
    modelo : ClasificadorLSTMTokens
    x : Tensor de forma (N, T), int64
    t : int
        Paso observado, en ``[0, T-2]`` (0 es el primero).
    semilla : int

    Returns
    -------
    float

    Examples
    --------
    >>> _ = fijar_semilla(0)
    >>> x = torch.randint(1, 30, (2, 8))
    >>> dependencia_del_futuro(ClasificadorLSTMTokens(30, 4, 5, 2), x, t=3)
    0.0
    >>> dependencia_del_futuro(BiLSTMClassifier(30, 4, 5, 2), x, t=3) > 0
    True
    """
    if not isinstance(modelo, ClasificadorLSTMTokens):
        raise TypeError(
            f"modelo debe ser un ClasificadorLSTMTokens; se recibió {type(modelo).__name__}."
        )
    modelo._validar(x)
    t = _v.entero_positivo("t", t, minimo=0)
    if t > x.shape[1] - 2:
        raise ValueError(
            f"t debe estar en [0, T-2] = [0, {x.shape[1] - 2}]; se recibió {t}."
        )
    g = torch.Generator().manual_seed(_v.entero_positivo("semilla", semilla, minimo=0))
    x2 = x.clone()
    x2[:, t + 1 :] = torch.randint(
        1, modelo.vocab_size, x2[:, t + 1 :].shape, generator=g
    ).to(x.device)
    estaba = modelo.training
    modelo.eval()
    try:
        a, _ = modelo.estados(x)
        b, _ = modelo.estados(x2)
    finally:
        modelo.train(estaba)
    return float((a[:, t] - b[:, t]).abs().max())


# ------------------------------------------------------------------ experimento §4.1
_VARIANTES = {
    "LSTM": dict(bidireccional=False, resumen="h_n"),
    "BiLSTM (out[:, -1, :] de la guía)": dict(
        bidireccional=True, resumen="ultimo_paso"
    ),
    "BiLSTM (h_n de cada dirección)": dict(bidireccional=True, resumen="h_n"),
}


def comparar_bilstm_lstm(
    *,
    n: int = 2000,
    seq_len: int = 40,
    vocab_size: int = 20,
    embed_dim: int = 16,
    hidden_size: int = 32,
    num_layers: int = 1,
    epocas: int = 6,
    tam_lote: int = 64,
    lr: float = 3e-3,
    dropout: float = 0.0,
    semilla: int = 0,
    dispositivo: str | torch.device = "auto",
    progreso: bool = False,
) -> dict:
    """Entrena una LSTM y dos BiLSTM (mismo H) en :func:`crear_tarea_pista_inicial`.

    Las tres variantes son la LSTM unidireccional, la BiLSTM leída como en la
    guía (``out[:, -1, :]``) y la BiLSTM leída con ``h_n`` de cada dirección.
    Mismos datos, semilla, épocas y tasa de aprendizaje; el 70 % de las
    secuencias entrena, el 15 % valida y el 15 % se reserva como prueba.

    Returns
    -------
    dict
        ``{nombre: {"historial": Historial, "exactitud_prueba": float,
        "parametros": int, "segundos": float}}``.
    """
    epocas = _v.entero_positivo("epocas", epocas)
    X, y = crear_tarea_pista_inicial(n, seq_len, vocab_size, semilla)
    n_ent, n_val = int(0.7 * n), int(0.15 * n)
    ent = (X[:n_ent], y[:n_ent])
    val = (X[n_ent : n_ent + n_val], y[n_ent : n_ent + n_val])
    prueba = (X[n_ent + n_val :], y[n_ent + n_val :])
    resultados = {}
    for nombre, opciones in _VARIANTES.items():
        fijar_semilla(semilla)
        modelo = ClasificadorLSTMTokens(
            vocab_size, embed_dim, hidden_size, 2, dropout, num_layers, **opciones
        )
        h = entrenar(
            modelo,
            ent,
            val,
            perdida=nn.CrossEntropyLoss(),
            epocas=epocas,
            tam_lote=tam_lote,
            lr=lr,
            metricas={"exactitud": exactitud},
            monitor="exactitud_validacion",
            modo="max",
            dispositivo=dispositivo,
            semilla=semilla,
            progreso=progreso,
        )
        res = evaluar(
            modelo, prueba, metricas={"exactitud": exactitud}, dispositivo=dispositivo
        )
        resultados[nombre] = {
            "historial": h,
            "exactitud_prueba": res["exactitud"],
            "parametros": contar_parametros(modelo),
            "segundos": h.segundos,
            "modelo": modelo,
        }
    return resultados


# ------------------------------------------------------------------ LSTM apilada §4.2
def tabla_parametros_apilado(
    input_size: int = 64, hidden_size: int = 128, capas=(1, 2, 3, 4)
):
    r"""Parámetros de ``nn.LSTM`` con 1, 2, … capas, contados de dos maneras.

    Returns
    -------
    pandas.DataFrame
        Índice ``capas``; columnas ``parametros`` (``numel()`` de ``nn.LSTM``),
        ``formula`` (:func:`rnnbook.contar_parametros_torch`) y
        ``por_capa_añadida`` (diferencia con la fila anterior).

    Notes
    -----
    La primera capa tiene :math:`4(HD + H^2 + 2H)` parámetros y cada capa
    añadida :math:`4(H \cdot H + H^2 + 2H)`, porque su entrada es el estado de
    la capa de abajo.

    Examples
    --------
    >>> tabla_parametros_apilado()["parametros"].tolist()
    [99328, 231424, 363520, 495616]
    """
    import pandas as pd

    from ..modelos.parametros import contar_parametros_torch

    input_size = _v.entero_positivo("input_size", input_size)
    hidden_size = _v.entero_positivo("hidden_size", hidden_size)
    capas = [_v.entero_positivo("capas", c) for c in capas]
    filas = []
    for c in capas:
        lstm = nn.LSTM(input_size, hidden_size, num_layers=c, batch_first=True)
        filas.append(
            {
                "capas": c,
                "parametros": contar_parametros(lstm),
                "formula": contar_parametros_torch(
                    "LSTM", input_size, hidden_size, num_layers=c
                ),
            }
        )
    tabla = pd.DataFrame(filas).set_index("capas")
    tabla["por_capa_añadida"] = tabla["parametros"].diff().astype("Int64")
    return tabla


def comparar_profundidades(
    capas=(1, 2, 3, 4),
    *,
    n: int = 1500,
    seq_len: int = 20,
    vocab_size: int = 20,
    embed_dim: int = 16,
    hidden_size: int = 32,
    epocas: int = 6,
    tam_lote: int = 64,
    lr: float = 3e-3,
    umbral: float = 0.95,
    semilla: int = 0,
    dispositivo: str | torch.device = "auto",
    progreso: bool = False,
):
    """Entrena LSTM unidireccionales de 1, 2, … capas en :func:`crear_tarea_pista_inicial`.

    Mismos datos (70 % entrenamiento, 15 % validación, 15 % prueba), mismo H,
    épocas, tasa de aprendizaje y semilla para cada profundidad; sin *dropout*.

    Returns
    -------
    tabla : pandas.DataFrame
        Índice ``capas``; columnas ``parametros``, ``exactitud_prueba``,
        ``primera_epoca_umbral`` (primera época con exactitud de validación
        ``>= umbral``; ``<NA>`` si no llega) y ``s_por_epoca`` (mediana).
    historiales : dict
        ``{capas: Historial}``.
    """
    import pandas as pd

    capas = [_v.entero_positivo("capas", c) for c in capas]
    if not capas:
        raise ValueError("capas no puede estar vacío.")
    X, y = crear_tarea_pista_inicial(n, seq_len, vocab_size, semilla)
    n_ent, n_val = int(0.7 * n), int(0.15 * n)
    ent = (X[:n_ent], y[:n_ent])
    val = (X[n_ent : n_ent + n_val], y[n_ent : n_ent + n_val])
    prueba = (X[n_ent + n_val :], y[n_ent + n_val :])
    filas, historiales = [], {}
    for c in capas:
        fijar_semilla(semilla)
        modelo = ClasificadorLSTMTokens(vocab_size, embed_dim, hidden_size, 2, 0.0, c)
        h = entrenar(
            modelo,
            ent,
            val,
            perdida=nn.CrossEntropyLoss(),
            epocas=epocas,
            tam_lote=tam_lote,
            lr=lr,
            metricas={"exactitud": exactitud},
            monitor="exactitud_validacion",
            modo="max",
            dispositivo=dispositivo,
            semilla=semilla,
            progreso=progreso,
        )
        res = evaluar(
            modelo, prueba, metricas={"exactitud": exactitud}, dispositivo=dispositivo
        )
        historiales[c] = h
        llega = [
            e
            for e, a in zip(h.columna("epoca"), h.columna("exactitud_validacion"))
            if a >= umbral
        ]
        filas.append(
            {
                "capas": c,
                "parametros": contar_parametros(modelo),
                "exactitud_prueba": res["exactitud"],
                "primera_epoca_umbral": llega[0] if llega else pd.NA,
                "s_por_epoca": float(pd.Series(h.columna("segundos")).median()),
            }
        )
    tabla = pd.DataFrame(filas).set_index("capas")
    tabla["primera_epoca_umbral"] = tabla["primera_epoca_umbral"].astype("Int64")
    return tabla, historiales
