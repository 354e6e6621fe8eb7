"""Parte 4: LSTM bidireccional y LSTM apilado."""

from __future__ import annotations

import re

import torch
from torch import nn

from . import _validacion as _v
from .parametros import contar_parametros
from .entorno import fijar_semilla
from .entrenamiento import entrenar, evaluar, exactitud
from .graficos import PALETA, nueva_figura

__all__ = [
    "crear_tarea_pista_inicial",
    "ClasificadorLSTMTokens",
    "BiLSTMClassifier",
    "factor_parametros_bilstm",
    "alineacion_estados_bilstm",
    "dependencia_del_futuro",
    "comparar_bilstm_lstm",
    "figura_bilstm_vs_lstm",
    "tabla_parametros_apilado",
    "comparar_profundidades",
    "figura_profundidad",
]

_RESUMENES = ("h_n", "ultimo_paso")


# ----------------------------------------------------------------------------- datos
def crear_tarea_pista_inicial(n: int = 2000, seq_len: int = 40, vocab_size: int = 20,
                              semilla: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Clasificación de secuencias de *tokens* cuya clase está en el primer *token*.

    El primer *token* de cada secuencia es la **pista**: ``1`` (clase 0) o
    ``2`` (clase 1), con igual probabilidad. Los ``seq_len - 1`` restantes son
    distractores uniformes en ``[3, vocab_size)``. El índice 0 queda libre
    para el relleno (*padding*), que esta tarea no usa.

    Quien lee de izquierda a derecha encuentra la pista en el paso 1 y tiene
    que conservarla durante ``seq_len - 1`` pasos de ruido; quien lee de
    derecha a izquierda (la dirección hacia atrás de una BiLSTM) la lee en su
    **último** paso. La tarea separa, por tanto, tres lecturas del estado
    final: la de una LSTM unidireccional, la de una BiLSTM que toma ``h_n`` de
    cada dirección y la de una BiLSTM que toma ``out[:, -1, :]`` como la guía.

    Parameters
    ----------
    n : int
        Número de secuencias N.
    seq_len : int
        Longitud T (>= 2).
    vocab_size : int
        Tamaño V del vocabulario (>= 4): 0 relleno, 1 y 2 pistas, el resto distractores.
    semilla : int
        Semilla del generador.

    Returns
    -------
    X : Tensor de forma (N, T), int64
        Índices de *tokens*.
    y : Tensor de forma (N,), int64
        Clases 0 o 1.

    Examples
    --------
    >>> X, y = crear_tarea_pista_inicial(n=5, seq_len=6, vocab_size=8, semilla=1)
    >>> X.shape, y.shape
    (torch.Size([5, 6]), torch.Size([5]))
    >>> bool(torch.equal(X[:, 0] - 1, y)), int(X[:, 1:].min()) >= 3
    (True, True)
    """
    n = _v.entero_positivo("n", n)
    seq_len = _v.entero_positivo("seq_len", seq_len, minimo=2)
    vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=4)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    g = torch.Generator().manual_seed(semilla)
    y = torch.randint(0, 2, (n,), generator=g)  # (N,)
    X = torch.randint(3, vocab_size, (n, seq_len), generator=g)  # (N, T) distractores
    X[:, 0] = y + 1  # la pista: 1 → clase 0, 2 → clase 1
    return X, y


# ---------------------------------------------------------------------------- modelos
class ClasificadorLSTMTokens(nn.Module):
    r"""Clasificador de secuencias de *tokens*: embedding → LSTM → lineal.

    Es el modelo de la guía (§3.1 y §4.1) con dos decisiones explícitas: si la
    LSTM es bidireccional y **qué estado** se entrega al clasificador.

    Parameters
    ----------
    vocab_size : int
        Tamaño V del vocabulario; el índice 0 es el relleno (``padding_idx=0``).
    embed_dim : int
        Dimensión E del *embedding*.
    hidden_size : int
        Tamaño H del estado oculto **de cada dirección** (el convenio de
        ``nn.LSTM``). Una BiLSTM entrega vectores de tamaño 2H.
    num_classes : int
        Número C de clases.
    dropout : float
        *Dropout* sobre el *embedding*, entre capas LSTM y antes del clasificador.
    num_layers : int
        Capas LSTM apiladas (la guía usa 2).
    bidireccional : bool
        Si la LSTM lee también de derecha a izquierda.
    resumen : {"h_n", "ultimo_paso"}
        ``"h_n"`` (correcto) concatena el estado final de cada dirección de la
        última capa, ``h_n[-2]`` (hacia delante, tras leer hasta T) y
        ``h_n[-1]`` (hacia atrás, tras leer hasta el paso 1). ``"ultimo_paso"``
        es lo que hace la guía, ``out[:, -1, :]``: su mitad hacia atrás solo ha
        dado **un** paso.

    Notes
    -----
    Con ``out`` de forma (N, T, 2H) y ``h_n`` de forma (2·capas, N, H):

    .. math::

        \texttt{out}[:, T-1, :H] = \texttt{h\_n}[-2], \qquad
        \texttt{out}[:, 0, H:] = \texttt{h\_n}[-1].

    En una red unidireccional ``out[:, -1, :]`` y ``h_n[-1]`` coinciden y
    ``resumen`` no cambia nada.

    Examples
    --------
    >>> m = ClasificadorLSTMTokens(50, 8, 16, 3, bidireccional=True)
    >>> m(torch.randint(1, 50, (4, 7))).shape
    torch.Size([4, 3])
    """

    def __init__(self, vocab_size: int, embed_dim: int, hidden_size: int, num_classes: int,
                 dropout: float = 0.3, num_layers: int = 2, *, bidireccional: bool = False,
                 resumen: str = "h_n"):
        super().__init__()
        self.vocab_size = _v.entero_positivo("vocab_size", vocab_size, minimo=2)
        self.embed_dim = _v.entero_positivo("embed_dim", embed_dim)
        self.hidden_size = _v.entero_positivo("hidden_size", hidden_size)
        self.num_classes = _v.entero_positivo("num_classes", num_classes)
        self.num_layers = _v.entero_positivo("num_layers", num_layers)
        dropout = _v.probabilidad_dropout("dropout", dropout)
        if not isinstance(bidireccional, bool):
            raise TypeError(f"bidireccional debe ser bool; se recibió {type(bidireccional).__name__}.")
        self.resumen = _v.opcion("resumen", resumen, _RESUMENES)
        self.bidireccional = bidireccional
        self.num_direcciones = 2 if bidireccional else 1
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.lstm = nn.LSTM(embed_dim, hidden_size, num_layers=num_layers, batch_first=True,
                            dropout=dropout if num_layers > 1 else 0.0, bidirectional=bidireccional)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(hidden_size * self.num_direcciones, num_classes)

    def _validar(self, x: torch.Tensor) -> None:
        if not isinstance(x, torch.Tensor):
            raise TypeError(f"x debe ser un Tensor de índices; se recibió {type(x).__name__}.")
        if x.ndim != 2:
            raise ValueError(f"x debe tener forma (N, T); se recibió forma {tuple(x.shape)}.")
        if x.dtype not in (torch.int64, torch.int32):
            raise TypeError(f"x debe contener índices enteros (int64); se recibió dtype {x.dtype}.")
        if x.numel() and (int(x.min()) < 0 or int(x.max()) >= self.vocab_size):
            raise ValueError(
                f"Los índices de x deben estar en [0, {self.vocab_size - 1}]; "
                f"se recibió el rango [{int(x.min())}, {int(x.max())}]."
            )

    def estados(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Salidas de la LSTM y estado final, sin *dropout* de salida.

        Parameters
        ----------
        x : Tensor de forma (N, T), int64
            Índices de *tokens*.

        Returns
        -------
        out : Tensor de forma (N, T, d·H)
            Estados de la última capa en cada paso (d = 1 o 2 direcciones).
        h_n : Tensor de forma (d·capas, N, H)
            Estado oculto final de cada capa y dirección.
        """
        self._validar(x)
        emb = self.dropout(self.embedding(x))  # (N, T, E)
        out, (h_n, _) = self.lstm(emb)  # (N, T, dH), (d·capas, N, H)
        return out, h_n

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits de forma (N, C) para índices de forma (N, T)."""
        out, h_n = self.estados(x)
        if self.resumen == "ultimo_paso":
            final = out[:, -1, :]  # (N, dH): la lectura de la guía
        elif self.bidireccional:
            final = torch.cat([h_n[-2], h_n[-1]], dim=1)  # (N, 2H): [adelante, atrás]
        else:
            final = h_n[-1]  # (N, H)
        return self.classifier(self.dropout(final))  # (N, C)


class BiLSTMClassifier(ClasificadorLSTMTokens):
    """LSTM bidireccional para clasificación, con la API de la guía (§4.1).

    ``BiLSTMClassifier(vocab_size, embed_dim, hidden_size, num_classes)`` es un
    :class:`ClasificadorLSTMTokens` con ``bidireccional=True``: dos capas,
    *dropout* 0.3 y clasificador sobre ``[h_n adelante, h_n atrás]`` (2H).

    Parameters
    ----------
    vocab_size, embed_dim, hidden_size, num_classes, dropout, num_layers
        Como en :class:`ClasificadorLSTMTokens`; ``hidden_size`` es el tamaño
        **por dirección**.
    resumen : {"h_n", "ultimo_paso"}
        ``"ultimo_paso"`` reproduce la lectura ``out[:, -1, :]`` de la guía.

    Notes
    -----
    .. note::
       La guía construye su BiLSTM con ``HIDDEN_SIZE // 2 = 64`` y la compara
       con la LSTM de 128: así su «factor 0.78×» mezcla dos cambios. Aquí
       ``hidden_size`` significa lo mismo que en ``nn.LSTM`` y las
       comparaciones se hacen con el mismo H (véase
       :func:`factor_parametros_bilstm`).

    Examples
    --------
    >>> m = BiLSTMClassifier(1000, 64, 64, 2)
    >>> contar_parametros(m)
    230146
    """

    def __init__(self, vocab_size: int, embed_dim: int, hidden_size: int, num_classes: int,
                 dropout: float = 0.3, num_layers: int = 2, *, resumen: str = "h_n"):
        super().__init__(vocab_size, embed_dim, hidden_size, num_classes, dropout, num_layers,
                         bidireccional=True, resumen=resumen)




def factor_parametros_bilstm(vocab_size: int = 1000, embed_dim: int = 64, hidden_size: int = 128,
                             num_classes: int = 2, num_layers: int = 2) -> dict[str, float]:
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
    con una capa y más de 2 con varias. El *embedding* no cambia, así que el
    factor del modelo completo queda por debajo.

    Examples
    --------
    >>> f = factor_parametros_bilstm(1000, 64, 128, 2, num_layers=1)
    >>> f["factor_capas"]
    2.0
    """
    uni = ClasificadorLSTMTokens(vocab_size, embed_dim, hidden_size, num_classes, 0.0, num_layers)
    bi = BiLSTMClassifier(vocab_size, embed_dim, hidden_size, num_classes, 0.0, num_layers)
    res = {"lstm": contar_parametros(uni), "bilstm": contar_parametros(bi),
           "capas_lstm": contar_parametros(uni.lstm), "capas_bilstm": contar_parametros(bi.lstm)}
    res["factor_total"] = res["bilstm"] / res["lstm"]
    res["factor_capas"] = res["capas_bilstm"] / res["capas_lstm"]
    return res


# ------------------------------------------------------------ alineación de estados
@torch.no_grad()
def alineacion_estados_bilstm(modelo: ClasificadorLSTMTokens, x: torch.Tensor) -> dict[str, float]:
    r"""Comprueba numéricamente qué hay en ``out[:, -1, :]`` y en ``h_n`` de una BiLSTM.

    Se evalúa en modo ``eval()`` (sin *dropout*) y se devuelven diferencias
    máximas en valor absoluto:

    * ``adelante_ultimo_vs_hn``: :math:`|\texttt{out}[:, -1, :H] - \texttt{h\_n}[-2]|`
      (0: la mitad hacia delante del último paso **sí** es su estado final);
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
        raise ValueError("alineacion_estados_bilstm necesita un ClasificadorLSTMTokens bidireccional.")
    estaba = modelo.training
    modelo.eval()
    try:
        out, h_n = modelo.estados(x)  # (N, T, 2H), (2L, N, H)
        H = modelo.hidden_size
        lstm = modelo.lstm
        # Entrada de la última capa en el paso T: salida de la capa anterior o el embedding.
        if modelo.num_layers == 1:
            entrada = modelo.embedding(x)  # (N, T, E)
        else:
            previa = nn.LSTM(lstm.input_size, H, num_layers=modelo.num_layers - 1, batch_first=True,
                             bidirectional=True).to(out.device, out.dtype)
            previa.load_state_dict({k: v for k, v in lstm.state_dict().items()
                                    if int(re.search(r"_l(\d+)", k).group(1)) < modelo.num_layers - 1})
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
def dependencia_del_futuro(modelo: ClasificadorLSTMTokens, x: torch.Tensor, t: int,
                           semilla: int = 0) -> float:
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
        raise TypeError(f"modelo debe ser un ClasificadorLSTMTokens; se recibió {type(modelo).__name__}.")
    modelo._validar(x)
    t = _v.entero_positivo("t", t, minimo=0)
    if t > x.shape[1] - 2:
        raise ValueError(f"t debe estar en [0, T-2] = [0, {x.shape[1] - 2}]; se recibió {t}.")
    g = torch.Generator().manual_seed(_v.entero_positivo("semilla", semilla, minimo=0))
    x2 = x.clone()
    x2[:, t + 1:] = torch.randint(1, modelo.vocab_size, x2[:, t + 1:].shape, generator=g).to(x.device)
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
    "BiLSTM (out[:, -1, :] de la guía)": dict(bidireccional=True, resumen="ultimo_paso"),
    "BiLSTM (h_n de cada dirección)": dict(bidireccional=True, resumen="h_n"),
}


def comparar_bilstm_lstm(*, n: int = 2000, seq_len: int = 40, vocab_size: int = 20, embed_dim: int = 16,
                         hidden_size: int = 32, num_layers: int = 1, epocas: int = 6, tam_lote: int = 64,
                         lr: float = 3e-3, dropout: float = 0.0, semilla: int = 0,
                         dispositivo: str | torch.device = "auto", progreso: bool = False) -> dict:
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
    val = (X[n_ent:n_ent + n_val], y[n_ent:n_ent + n_val])
    prueba = (X[n_ent + n_val:], y[n_ent + n_val:])
    resultados = {}
    for nombre, opciones in _VARIANTES.items():
        fijar_semilla(semilla)
        modelo = ClasificadorLSTMTokens(vocab_size, embed_dim, hidden_size, 2, dropout, num_layers, **opciones)
        h = entrenar(modelo, ent, val, perdida=nn.CrossEntropyLoss(), epocas=epocas, tam_lote=tam_lote, lr=lr,
                     metricas={"exactitud": exactitud}, monitor="exactitud_validacion", modo="max",
                     dispositivo=dispositivo, semilla=semilla, progreso=progreso)
        res = evaluar(modelo, prueba, metricas={"exactitud": exactitud}, dispositivo=dispositivo)
        resultados[nombre] = {"historial": h, "exactitud_prueba": res["exactitud"],
                              "parametros": contar_parametros(modelo), "segundos": h.segundos,
                              "modelo": modelo}
    return resultados


def figura_bilstm_vs_lstm(resultados: dict):
    """Exactitud de validación por época de cada variante de :func:`comparar_bilstm_lstm`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    colores = [PALETA["lstm"], PALETA["referencia"], PALETA["bilstm"]]
    estilos = ["-", "--", "-"]
    fig, ax = nueva_figura(ancho=7.5, alto=4.0)
    for (nombre, r), color, estilo in zip(resultados.items(), colores, estilos):
        h = r["historial"]
        ax.plot(h.columna("epoca"), [100 * v for v in h.columna("exactitud_validacion")], estilo,
                marker="o", color=color, label=nombre)
    ax.axhline(50, color=PALETA["estado"], lw=1, ls=":", label="azar (50 %)")
    ax.set_xlabel("época")
    ax.set_ylabel("exactitud de validación (%)")
    ax.set_ylim(40, 102)
    ax.set_title("La pista está en el primer token")
    ax.legend(loc="center right")
    return fig


# ------------------------------------------------------------------ LSTM apilado §4.2
def tabla_parametros_apilado(input_size: int = 64, hidden_size: int = 128, capas=(1, 2, 3, 4)):
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

    from .parametros import contar_parametros_torch

    input_size = _v.entero_positivo("input_size", input_size)
    hidden_size = _v.entero_positivo("hidden_size", hidden_size)
    capas = [_v.entero_positivo("capas", c) for c in capas]
    filas = []
    for c in capas:
        lstm = nn.LSTM(input_size, hidden_size, num_layers=c, batch_first=True)
        filas.append({"capas": c, "parametros": contar_parametros(lstm),
                      "formula": contar_parametros_torch("LSTM", input_size, hidden_size, num_layers=c)})
    tabla = pd.DataFrame(filas).set_index("capas")
    tabla["por_capa_añadida"] = tabla["parametros"].diff().astype("Int64")
    return tabla


def comparar_profundidades(capas=(1, 2, 3, 4), *, n: int = 1500, seq_len: int = 20, vocab_size: int = 20,
                           embed_dim: int = 16, hidden_size: int = 32, epocas: int = 6, tam_lote: int = 64,
                           lr: float = 3e-3, umbral: float = 0.95, semilla: int = 0,
                           dispositivo: str | torch.device = "auto", progreso: bool = False):
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
    val = (X[n_ent:n_ent + n_val], y[n_ent:n_ent + n_val])
    prueba = (X[n_ent + n_val:], y[n_ent + n_val:])
    filas, historiales = [], {}
    for c in capas:
        fijar_semilla(semilla)
        modelo = ClasificadorLSTMTokens(vocab_size, embed_dim, hidden_size, 2, 0.0, c)
        h = entrenar(modelo, ent, val, perdida=nn.CrossEntropyLoss(), epocas=epocas, tam_lote=tam_lote, lr=lr,
                     metricas={"exactitud": exactitud}, monitor="exactitud_validacion", modo="max",
                     dispositivo=dispositivo, semilla=semilla, progreso=progreso)
        res = evaluar(modelo, prueba, metricas={"exactitud": exactitud}, dispositivo=dispositivo)
        historiales[c] = h
        llega = [e for e, a in zip(h.columna("epoca"), h.columna("exactitud_validacion")) if a >= umbral]
        filas.append({"capas": c, "parametros": contar_parametros(modelo),
                      "exactitud_prueba": res["exactitud"],
                      "primera_epoca_umbral": llega[0] if llega else pd.NA,
                      "s_por_epoca": float(pd.Series(h.columna("segundos")).median())})
    tabla = pd.DataFrame(filas).set_index("capas")
    tabla["primera_epoca_umbral"] = tabla["primera_epoca_umbral"].astype("Int64")
    return tabla, historiales


def figura_profundidad(tabla, historiales: dict):
    """Exactitud de validación por época (izquierda) y segundos por época (derecha) por profundidad.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib as mpl

    fig, (ax1, ax2) = nueva_figura(1, 2, ancho=10.0, alto=4.0)
    mapa = mpl.colormaps["Reds"]
    n = len(historiales)
    for i, (c, h) in enumerate(historiales.items()):
        ax1.plot(h.columna("epoca"), [100 * v for v in h.columna("exactitud_validacion")], marker="o",
                 color=mapa(0.4 + 0.6 * i / max(n - 1, 1)), label=f"{c} capa" + ("s" if c > 1 else ""))
    ax1.axhline(50, color=PALETA["estado"], lw=1, ls=":", label="azar")
    ax1.set_xlabel("época")
    ax1.set_ylabel("exactitud de validación (%)")
    ax1.set_title("Calidad según la profundidad")
    ax1.legend()
    ax2.bar([str(c) for c in tabla.index], tabla["s_por_epoca"], color=PALETA["lstm"], edgecolor="black")
    ax2.set_xlabel("capas LSTM")
    ax2.set_ylabel("segundos por época (s)")
    ax2.set_title("Coste según la profundidad")
    ax2.grid(axis="x", visible=False)
    return fig
