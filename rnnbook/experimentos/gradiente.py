r"""Parte 2: el gradiente que se desvanece o explota, medido.

Tres piezas:

* :func:`simular_flujo_gradiente`: la norma de :math:`W_{hh}^k` en los tres
  regímenes (desvaneciente, estable, explosivo), con matrices construidas para
  que el régimen lo decida de verdad el **radio espectral** :math:`\rho`;
* :func:`flujo_gradiente_tanh`: el jacobiano real de una RNN con
  :math:`\tanh`, :math:`\operatorname{diag}(1 - h_t^2)\,W_{hh}`, medido a lo
  largo de un *forward* de verdad;
* :func:`comparar_rnn_lstm`: una RNN y una LSTM entrenadas en la tarea de
  dependencia larga :func:`crear_tarea_long_range` para varias longitudes, y
  :func:`normas_gradiente_estados`, la norma de :math:`\partial L / \partial h_t`
  a lo largo de la secuencia.
"""

from __future__ import annotations

import copy
import numbers
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from .. import validacion as _v
from ..datos.long_range import crear_tarea_long_range
from ..entorno import elegir_dispositivo, fijar_semilla, hilos_cpu
from ..entrenamiento import entrenar, evaluar, exactitud
from ..modelos.clasificador import ClasificadorSecuencias, normalizar_tipo

__all__ = [
    "radio_espectral",
    "matriz_recurrente",
    "simular_flujo_gradiente",
    "tabla_flujo_gradiente",
    "flujo_gradiente_tanh",
    "fijar_sesgo_olvido",
    "ResultadoLargoPlazo",
    "comparar_rnn_lstm",
    "normas_gradiente_estados",
]

#: Las tres escalas de la guía y el nombre de cada régimen.
REGIMENES = (("desvaneciente", 0.5), ("estable", 1.0), ("explosivo", 1.5))
_ETIQUETA = {
    "desvaneciente": "Desvaneciente",
    "estable": "Estable",
    "explosivo": "Explosivo",
}


# ----------------------------------------------------------- §2.1: W^k y su norma
def radio_espectral(W) -> float:
    r"""Radio espectral :math:`\rho(W) = \max_i |\lambda_i(W)|`.

    Parameters
    ----------
    W : ndarray de forma (H, H)

    Returns
    -------
    float

    Examples
    --------
    >>> radio_espectral(np.array([[0.0, 2.0], [0.0, 0.5]]))
    0.5
    """
    W = _v.array_finito("W", W, ndim=2)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"W debe ser cuadrada; se recibió forma {W.shape}.")
    return float(np.max(np.abs(np.linalg.eigvals(W))))


def matriz_recurrente(
    escala: float,
    hidden_size: int = 10,
    *,
    controla: str = "radio",
    rng: np.random.RandomState | None = None,
) -> np.ndarray:
    r"""Matriz :math:`W_{hh}` aleatoria con su escala controlada.

    Parameters
    ----------
    escala : float
        Valor buscado de :math:`\sigma_1` o de :math:`\rho`.
    hidden_size : int
        Dimensión H.
    controla : {"radio", "norma"}
        ``"radio"``: :math:`W = \text{escala}\cdot Q` con :math:`Q` ortogonal, de
        modo que :math:`\sigma_1 = \rho = \text{escala}` y
        :math:`\|W^k\|_2 = \text{escala}^k` exactamente. ``"norma"``: la
        construcción de la guía, una gaussiana dividida por su norma espectral;
        fija :math:`\sigma_1` pero no :math:`\rho`.
    rng : numpy.random.RandomState, opcional
        Generador; por defecto uno nuevo con semilla 0.

    Returns
    -------
    ndarray de forma (H, H)

    Examples
    --------
    >>> W = matriz_recurrente(0.5, 4, controla="radio")
    >>> round(radio_espectral(W), 6), round(float(np.linalg.norm(W, 2)), 6)
    (0.5, 0.5)
    """
    escala = _v.real_positivo("escala", escala)
    h = _v.entero_positivo("hidden_size", hidden_size)
    _v.opcion("controla", controla, ("radio", "norma"))
    rng = np.random.RandomState(0) if rng is None else rng
    A = rng.randn(h, h)  # (H, H)
    if controla == "norma":
        return A / np.linalg.norm(A, 2) * escala  # σ₁ = escala; ρ queda por debajo
    Q, R = np.linalg.qr(A)
    Q = Q * np.sign(np.diag(R))  # ortogonal y única
    return escala * Q


def simular_flujo_gradiente(
    T: int = 50,
    hidden_size: int = 10,
    seed: int = 42,
    *,
    controla: str = "radio",
    norma: str = "espectral",
) -> dict[str, list[float]]:
    r"""Norma de :math:`W_{hh}^k` para :math:`k = 0, \dots, T-1` en los tres regímenes.

    El producto de jacobianos de la retropropagación, sin la :math:`\tanh`, es
    :math:`W_{hh}^k`; su norma decide si la señal de error de hace :math:`k`
    pasos se desvanece, se conserva o explota. Se usan las tres escalas de la
    guía (0.5, 1.0 y 1.5).

    Parameters
    ----------
    T : int
        Número de potencias (la última es :math:`W^{T-1}`).
    hidden_size : int
        Dimensión H de :math:`W_{hh}`.
    seed : int
        Semilla (``numpy.random.RandomState``), la misma que usa la guía.
    controla : {"radio", "norma"}
        Cómo se construye :math:`W` (véase :func:`matriz_recurrente`). Con
        ``"norma"`` y ``norma="frobenius"`` se reproduce exactamente la guía.
    norma : {"espectral", "frobenius"}
        Norma de :math:`W^k`: la espectral vale 1 en :math:`k = 0`; la de
        Frobenius (la que usa la guía) vale :math:`\sqrt{H}`.

    Returns
    -------
    dict
        Etiqueta del régimen → lista de T normas.

    Notes
    -----
    Para una :math:`W` cualquiera,
    :math:`\lim_{k\to\infty} \|W^k\|^{1/k} = \rho(W)` (fórmula de Gelfand): a
    largo plazo manda el radio espectral, no :math:`\sigma_1`, y siempre
    :math:`\rho \le \sigma_1`. Con :math:`W = s\,Q`, :math:`Q` ortogonal,
    :math:`\|W^k\|_2 = s^k` exactamente.

    Examples
    --------
    >>> r = simular_flujo_gradiente(T=3, hidden_size=4)
    >>> [round(v, 4) for v in r["Explosivo (ρ = 1.5)"]]
    [1.0, 1.5, 2.25]
    """
    T = _v.entero_positivo("T", T)
    h = _v.entero_positivo("hidden_size", hidden_size)
    seed = _v.semilla("seed", seed)
    _v.opcion("controla", controla, ("radio", "norma"))
    _v.opcion("norma", norma, ("espectral", "frobenius"))
    orden = 2 if norma == "espectral" else "fro"
    simbolo = "ρ" if controla == "radio" else "σ₁"
    rng = np.random.RandomState(seed)
    resultados: dict[str, list[float]] = {}
    for nombre, escala in REGIMENES:
        W = matriz_recurrente(escala, h, controla=controla, rng=rng)  # (H, H)
        grad = np.eye(h)  # W^0
        normas = []
        for _ in range(T):
            normas.append(float(np.linalg.norm(grad, orden)))
            grad = grad @ W  # W^{k+1}
        resultados[f"{_ETIQUETA[nombre]} ({simbolo} = {escala})"] = normas
    return resultados


def tabla_flujo_gradiente(
    T: int = 50,
    hidden_size: int = 10,
    seed: int = 42,
    *,
    controla: str = "radio",
    norma: str = "espectral",
):
    r"""Tabla con :math:`\sigma_1`, :math:`\rho` y la norma inicial y final de :math:`W^k`.

    Usa las mismas matrices que :func:`simular_flujo_gradiente` con los mismos
    argumentos.

    Returns
    -------
    pandas.DataFrame
        Una fila por régimen con ``escala``, ``sigma_1``, ``rho``,
        ``norma_inicial``, ``norma_final`` (la de :math:`W^{T-1}`) y
        ``rho^(T-1)``.

    Examples
    --------
    >>> t = tabla_flujo_gradiente(T=50, controla="norma", norma="frobenius")
    >>> round(float(t.loc["estable", "rho"]), 2)
    0.65
    """
    import pandas as pd

    curvas = simular_flujo_gradiente(
        T, hidden_size, seed, controla=controla, norma=norma
    )
    rng = np.random.RandomState(seed)
    filas = {}
    for (nombre, escala), normas in zip(REGIMENES, curvas.values()):
        W = matriz_recurrente(escala, hidden_size, controla=controla, rng=rng)
        rho = radio_espectral(W)
        filas[nombre] = {
            "escala": escala,
            "sigma_1": float(np.linalg.norm(W, 2)),
            "rho": rho,
            "norma_inicial": normas[0],
            "norma_final": normas[-1],
            "rho^(T-1)": rho ** (len(normas) - 1),
        }
    tabla = pd.DataFrame.from_dict(filas, orient="index")
    tabla.index.name = "régimen"
    return tabla


def flujo_gradiente_tanh(
    T: int = 50,
    hidden_size: int = 10,
    escala: float = 1.0,
    seed: int = 42,
    *,
    escala_entrada: float = 1.0,
) -> dict[str, np.ndarray]:
    r"""El jacobiano real de una RNN con :math:`\tanh`, medido a lo largo de un *forward*.

    Se ejecuta :math:`h_t = \tanh(W_{xh} x_t + W_{hh} h_{t-1} + b)` durante
    T pasos con entradas gaussianas y se acumula, desde el final hacia atrás,

    .. math::
        \frac{\partial h_T}{\partial h_{T-k}} = \prod_{j=0}^{k-1}
        \operatorname{diag}\bigl(1 - h_{T-j}^2\bigr)\, W_{hh},

    comparándolo con :math:`W_{hh}^k` (lo que simula
    :func:`simular_flujo_gradiente`).

    Parameters
    ----------
    T : int
        Longitud de la secuencia.
    hidden_size : int
        Dimensión H (la entrada tiene D = H).
    escala : float
        Radio espectral de :math:`W_{hh} = \text{escala}\cdot Q` (ortogonal).
    seed : int
        Semilla de pesos y entradas.
    escala_entrada : float
        Desviación típica de los pesos de entrada :math:`W_{xh}` y del sesgo.

    Returns
    -------
    dict
        ``"k"``: array (T,) con :math:`k = 0, \dots, T-1`; ``"solo_W"``: norma
        espectral de :math:`W_{hh}^k`; ``"con_tanh"``: norma espectral del
        jacobiano real; ``"media_derivada"``: media de :math:`1 - h_t^2` en
        cada paso (array (T,)); ``"pesos"``: dict con ``W_hh``, ``W_xh``, ``b`` y
        las entradas ``X`` (T, D), para reproducir la medida.

    Examples
    --------
    >>> r = flujo_gradiente_tanh(T=20, hidden_size=8)
    >>> bool(r["con_tanh"][-1] < r["solo_W"][-1])
    True
    """
    T = _v.entero_positivo("T", T)
    h_dim = _v.entero_positivo("hidden_size", hidden_size)
    escala = _v.real_positivo("escala", escala)
    escala_entrada = _v.real_positivo(
        "escala_entrada", escala_entrada, permitir_cero=True
    )
    seed = _v.semilla("seed", seed)
    rng = np.random.RandomState(seed)
    W_hh = matriz_recurrente(escala, h_dim, controla="radio", rng=rng)  # (H, H)
    W_xh = rng.randn(h_dim, h_dim) * escala_entrada / np.sqrt(h_dim)  # (H, D)
    b = rng.randn(h_dim) * escala_entrada * 0.1  # (H,)
    X = rng.randn(T, h_dim)  # (T, D)
    h = np.zeros(h_dim)
    derivadas = []
    for t in range(T):
        h = np.tanh(W_xh @ X[t] + W_hh @ h + b)  # (H,)
        derivadas.append(1.0 - h**2)  # (H,) derivada de tanh en el paso t
    J = np.eye(h_dim)  # ∂h_T/∂h_T
    Wk = np.eye(h_dim)
    con_tanh, solo_W = [], []
    for k in range(T):
        con_tanh.append(np.linalg.norm(J, 2))
        solo_W.append(np.linalg.norm(Wk, 2))
        J = J @ (
            derivadas[T - 1 - k][:, None] * W_hh
        )  # un paso más atrás: diag(1-h²) W_hh
        Wk = Wk @ W_hh
    return {
        "k": np.arange(T),
        "solo_W": np.array(solo_W),
        "con_tanh": np.array(con_tanh),
        "media_derivada": np.array([d.mean() for d in derivadas]),
        "pesos": {"W_hh": W_hh, "W_xh": W_xh, "b": b, "X": X},
    }


# ------------------------------------------------------ RNN frente a LSTM, entrenadas
def _real(nombre: str, valor) -> float:
    """Un número real finito (de cualquier signo) como ``float``."""
    if (
        isinstance(valor, bool)
        or not isinstance(valor, numbers.Real)
        or not np.isfinite(valor)
    ):
        raise TypeError(
            f"{nombre} debe ser un número real finito; se recibió {valor!r}."
        )
    return float(valor)


def fijar_sesgo_olvido(lstm: nn.LSTM, valor: float) -> nn.LSTM:
    r"""Pone el sesgo de la puerta de olvido de un ``nn.LSTM`` a ``valor`` en todas sus capas.

    PyTorch guarda las puertas en el orden ``i, f, g, o`` y dos sesgos por
    puerta; aquí ``bias_ih`` del bloque ``f`` vale ``valor`` y ``bias_hh`` del
    mismo bloque vale 0, de modo que el sesgo efectivo es ``valor``.

    Parameters
    ----------
    lstm : torch.nn.LSTM
    valor : float
        Sesgo de olvido; :math:`\sigma(\text{valor})` es la fracción de
        :math:`C_{t-1}` que se conserva al empezar el entrenamiento.

    Returns
    -------
    torch.nn.LSTM
        El mismo módulo, modificado.

    Examples
    --------
    >>> m = fijar_sesgo_olvido(nn.LSTM(1, 3), 2.0)
    >>> (m.bias_ih_l0 + m.bias_hh_l0)[3:6].tolist()
    [2.0, 2.0, 2.0]
    """
    if not isinstance(lstm, nn.LSTM):
        raise TypeError(
            f"lstm debe ser un torch.nn.LSTM; se recibió {type(lstm).__name__}."
        )
    if not lstm.bias:
        raise ValueError(
            "El nn.LSTM no tiene sesgos (bias=False): no hay sesgo de olvido que fijar."
        )
    valor = _real("valor", valor)
    h = lstm.hidden_size
    with torch.no_grad():
        for nombre, p in lstm.named_parameters():
            if nombre.startswith("bias_ih"):
                p[h : 2 * h] = valor
            elif nombre.startswith("bias_hh"):
                p[h : 2 * h] = 0.0
    return lstm


@dataclass
class ResultadoLargoPlazo:
    """Resultado de :func:`comparar_rnn_lstm`.

    Attributes
    ----------
    tabla : pandas.DataFrame
        Indexada por longitud T, una columna de exactitud de prueba por modelo.
    modelos : dict
        ``(nombre, T)`` → modelo entrenado (en la CPU).
    historiales : dict
        ``(nombre, T)`` → :class:`~rnnbook.Historial`.
    segundos : float
        Tiempo total de entrenamiento.
    """

    tabla: object
    modelos: dict = field(default_factory=dict)
    historiales: dict = field(default_factory=dict)
    segundos: float = 0.0


def _crear_modelo(
    tipo: str, hidden_size: int, sesgo_olvido: float | None
) -> ClasificadorSecuencias:
    modelo = ClasificadorSecuencias(tipo, 1, hidden_size, 2)
    if sesgo_olvido is not None:
        fijar_sesgo_olvido(modelo.rnn, sesgo_olvido)
    return modelo


def comparar_rnn_lstm(
    longitudes=(5, 10, 20, 50, 100),
    *,
    modelos: dict | None = None,
    hidden_size: int = 32,
    n_entrenamiento: int = 512,
    n_prueba: int = 512,
    epocas: int = 8,
    tam_lote: int = 32,
    lr: float = 3e-3,
    recorte_gradiente: float = 1.0,
    ruido: float = 0.3,
    semilla: int = 0,
    dispositivo: str | torch.device = "auto",
    hilos: int | None = 1,
) -> ResultadoLargoPlazo:
    r"""Entrena una RNN y una LSTM en la tarea de dependencia larga para varias longitudes.

    Para cada longitud T se genera :func:`crear_tarea_long_range` con el
    elemento informativo en la primera posición (``gap = T - 1``), se entrena
    cada modelo con el **mismo presupuesto** (mismas épocas, lote, Adam, tasa y
    recorte del gradiente; misma semilla) con :func:`~rnnbook.entrenar` y se
    mide la exactitud sobre un conjunto de prueba aparte.

    Parameters
    ----------
    longitudes : sequence of int
        Longitudes T (>= 2).
    modelos : dict, opcional
        Nombre → ``(tipo, sesgo_olvido)``, con ``tipo`` ``"RNN"``, ``"LSTM"`` o
        ``"GRU"`` y ``sesgo_olvido`` un número o ``None`` (el de PyTorch). Por
        defecto ``{"RNN": ("RNN", None), "LSTM": ("LSTM", 5.0)}``.
    hidden_size : int
        Dimensión H, la misma para todos los modelos.
    n_entrenamiento : int
        Secuencias de entrenamiento por longitud.
    n_prueba : int
        Secuencias de prueba por longitud (otra semilla).
    epocas : int
        Épocas de entrenamiento (sin parada temprana).
    tam_lote : int
        Tamaño del lote.
    lr : float
        Tasa de Adam.
    recorte_gradiente : float
        Norma global máxima del gradiente.
    ruido : float
        Desviación típica del ruido distractor.
    semilla : int
        Semilla de datos, pesos y barajado.
    dispositivo : {"auto", "cpu", "cuda"} o torch.device
    hilos : int o None
        Hilos de PyTorch en la CPU **durante** el entrenamiento (se restauran al
        terminar). Con redes tan pequeñas, repartir cada producto de matrices
        entre varios hilos solo añade sincronización: en una máquina de dos
        núcleos compartida, un hilo llega a ser varias veces más rápido.
        ``None`` deja los que haya.

    Returns
    -------
    ResultadoLargoPlazo
    """
    if isinstance(longitudes, (str, bytes)) or not hasattr(longitudes, "__iter__"):
        raise TypeError(
            f"longitudes debe ser una secuencia de enteros; se recibió {longitudes!r}."
        )
    longitudes = [_v.entero_positivo("longitud", T, minimo=2) for T in longitudes]
    if not longitudes:
        raise ValueError("longitudes no puede estar vacía.")
    modelos = (
        {"RNN": ("RNN", None), "LSTM": ("LSTM", 5.0)}
        if modelos is None
        else dict(modelos)
    )
    if not modelos:
        raise ValueError("modelos no puede estar vacío.")
    for nombre, valor in modelos.items():
        if not isinstance(valor, (tuple, list)) or len(valor) != 2:
            raise TypeError(
                f"modelos[{nombre!r}] debe ser un par (tipo, sesgo_olvido); se recibió {valor!r}."
            )
        tipo = normalizar_tipo(valor[0])
        if valor[1] is not None:
            _real("sesgo_olvido", valor[1])
            if tipo != "LSTM":
                raise ValueError(
                    f"modelos[{nombre!r}]: solo una LSTM tiene sesgo de olvido; se recibió tipo {tipo!r} "
                    f"con sesgo {valor[1]!r}."
                )
    hidden_size = _v.entero_positivo("hidden_size", hidden_size)
    n_entrenamiento = _v.entero_positivo("n_entrenamiento", n_entrenamiento)
    n_prueba = _v.entero_positivo("n_prueba", n_prueba)
    epocas = _v.entero_positivo("epocas", epocas)
    tam_lote = _v.entero_positivo("tam_lote", tam_lote)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    dispositivo = elegir_dispositivo(dispositivo)
    with hilos_cpu(hilos, dispositivo):
        return _comparar(
            longitudes,
            modelos,
            hidden_size,
            n_entrenamiento,
            n_prueba,
            epocas,
            tam_lote,
            lr,
            recorte_gradiente,
            ruido,
            semilla,
            dispositivo,
        )


def _comparar(
    longitudes,
    modelos,
    hidden_size,
    n_entrenamiento,
    n_prueba,
    epocas,
    tam_lote,
    lr,
    recorte_gradiente,
    ruido,
    semilla,
    dispositivo,
) -> ResultadoLargoPlazo:
    import pandas as pd

    perdida = nn.CrossEntropyLoss()
    resultado = ResultadoLargoPlazo(tabla=None)
    filas = []
    inicio = time.perf_counter()
    for T in longitudes:
        X, y = crear_tarea_long_range(n_entrenamiento, T, semilla=semilla, ruido=ruido)
        Xp, yp = crear_tarea_long_range(n_prueba, T, semilla=semilla + 1, ruido=ruido)
        entrenamiento = (torch.from_numpy(X), torch.from_numpy(y))
        prueba = (torch.from_numpy(Xp), torch.from_numpy(yp))
        fila = {"T": T}
        for nombre, (tipo, sesgo) in modelos.items():
            fijar_semilla(semilla)
            modelo = _crear_modelo(tipo, hidden_size, sesgo)
            hist = entrenar(
                modelo,
                entrenamiento,
                perdida=perdida,
                epocas=epocas,
                tam_lote=tam_lote,
                lr=lr,
                recorte_gradiente=recorte_gradiente,
                dispositivo=dispositivo,
                semilla=semilla,
                progreso=False,
            )
            res = evaluar(
                modelo,
                prueba,
                metricas={"exactitud": exactitud},
                dispositivo=dispositivo,
            )
            fila[nombre] = res["exactitud"]
            resultado.modelos[(nombre, T)] = modelo.cpu()
            resultado.historiales[(nombre, T)] = hist
        filas.append(fila)
    resultado.segundos = time.perf_counter() - inicio
    resultado.tabla = pd.DataFrame(filas).set_index("T")
    return resultado


def normas_gradiente_estados(
    modelo: ClasificadorSecuencias, X, y, *, hilos: int | None = 1
) -> dict[str, np.ndarray]:
    r"""Norma media de :math:`\partial L / \partial h_t` en cada paso de la secuencia.

    La capa recurrente se ejecuta **paso a paso** con el estado explícito, de
    modo que cada :math:`h_t` es un nodo del grafo y su gradiente es el total
    (el que llega por la salida y por todos los pasos siguientes). La pérdida
    es la entropía cruzada **sumada** sobre el lote, así que cada fila del
    gradiente es el de un ejemplo; se promedia su norma sobre el lote. Se
    calcula con una copia del modelo en ``float64``: en ``float32`` los
    gradientes más pequeños (por debajo de :math:`10^{-38}`) se redondearían
    a cero.

    Parameters
    ----------
    modelo : ClasificadorSecuencias
        De una capa (``num_layers=1``), tipo RNN, LSTM o GRU.
    X : Tensor o ndarray de forma (N, T, D)
    y : Tensor o ndarray de forma (N,)
    hilos : int o None
        Hilos de PyTorch en la CPU durante la medida (véase :func:`comparar_rnn_lstm`).

    Returns
    -------
    dict
        ``"h"``: array (T,) con :math:`\frac{1}{N}\sum_n \|\partial L_n/\partial h_t\|_2`
        para :math:`t = 1, \dots, T`.

    Examples
    --------
    >>> _ = fijar_semilla(0)
    >>> m = ClasificadorSecuencias("RNN", 1, 4, 2)
    >>> X, y = crear_tarea_long_range(8, 6)
    >>> normas_gradiente_estados(m, X, y)["h"].shape
    (6,)
    """
    if not isinstance(modelo, ClasificadorSecuencias):
        raise TypeError(
            f"modelo debe ser un ClasificadorSecuencias; se recibió {type(modelo).__name__}."
        )
    if modelo.num_layers != 1:
        raise ValueError(
            f"modelo debe tener una sola capa recurrente; tiene {modelo.num_layers}."
        )
    X = torch.as_tensor(
        _v.array_finito(
            "X",
            X.detach().cpu().numpy() if isinstance(X, torch.Tensor) else X,
            forma=(None, None, modelo.input_size),
        )
    )
    y_np = y.detach().cpu().numpy() if isinstance(y, torch.Tensor) else np.asarray(y)
    if y_np.shape != (X.shape[0],) or not np.issubdtype(y_np.dtype, np.integer):
        raise ValueError(
            f"y debe ser un array de enteros de forma ({X.shape[0]},); se recibió forma {y_np.shape} "
            f"y dtype {y_np.dtype}."
        )
    y = torch.as_tensor(y_np, dtype=torch.long)
    modelo = copy.deepcopy(modelo).to(torch.float64)  # el original no se toca
    param = next(modelo.parameters())
    X, y = X.to(device=param.device, dtype=param.dtype), y.to(param.device)
    modelo.eval()
    n, T, _ = X.shape
    es_lstm = modelo.tipo == "LSTM"
    ceros = torch.zeros(
        1, n, modelo.hidden_size, device=param.device, dtype=param.dtype
    )
    estado = (ceros, ceros.clone()) if es_lstm else ceros
    hs = []
    with torch.enable_grad(), hilos_cpu(hilos, param.device):
        for t in range(T):
            _, estado = modelo.rnn(X[:, t : t + 1], estado)  # un paso, estado explícito
            h_t = estado[0] if es_lstm else estado
            h_t.retain_grad()
            hs.append(h_t)
        logits = modelo.fc(hs[-1][0])  # (N, C)
        nn.functional.cross_entropy(logits, y, reduction="sum").backward()
    return {"h": np.array([float(h_t.grad[0].norm(dim=1).mean()) for h_t in hs])}
