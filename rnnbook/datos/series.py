"""Series temporales sintéticas (parte 3): generación, ventanas y división cronológica."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .. import validacion as _v

__all__ = [
    "SerieSintetica",
    "generar_serie",
    "generar_serie_sinusoide",
    "crear_dataset_ventana",
    "dividir_cronologicamente",
    "DatosSeries",
    "preparar_datos_series",
    "a_numpy",
]


# ------------------------------------------------------------------------------ datos
@dataclass
class SerieSintetica:
    """Serie de la guía separada en sus componentes.

    Attributes
    ----------
    t : ndarray de forma (n,)
        Instantes 0, 1, …, n − 1.
    limpia : ndarray de forma (n,), float64
        :math:`\\sin(2\\pi f t) + 0.5 \\sin(6\\pi f t)`.
    ruido : ndarray de forma (n,), float64
        Ruido gaussiano añadido.
    valores : ndarray de forma (n,), float32
        ``limpia + ruido`` en ``float32``, como en la guía.
    """

    t: np.ndarray
    limpia: np.ndarray
    ruido: np.ndarray
    valores: np.ndarray


def generar_serie(
    n: int = 2000, freq: float = 0.05, ruido: float = 0.1, semilla: int = 42
) -> SerieSintetica:
    r"""Serie sinusoidal con ruido de la guía, con su parte limpia y su ruido por separado.

    .. math:: s_t = \sin(2\pi f t) + 0.5\,\sin(2\pi\,3f\,t) + \sigma\,\varepsilon_t,
              \qquad \varepsilon_t \sim \mathcal N(0, 1)

    Usa un ``numpy.random.RandomState`` propio: con la misma semilla da
    exactamente la serie de la guía (que llamaba a ``np.random.seed``) sin
    tocar el estado global.

    Parameters
    ----------
    n : int
        Longitud.
    freq : float
        Frecuencia :math:`f` en ciclos por paso.
    ruido : float
        Desviación típica :math:`\sigma` (puede ser 0).
    semilla : int

    Returns
    -------
    SerieSintetica

    Examples
    --------
    >>> s = generar_serie(n=5, ruido=0.0)
    >>> np.allclose(s.valores, s.limpia), s.valores.dtype
    (True, dtype('float32'))
    """
    n = _v.entero_positivo("n", n, minimo=2)
    freq = _v.real_positivo("freq", freq)
    ruido = _v.real_positivo("ruido", ruido, permitir_cero=True)
    semilla = _v.semilla("semilla", semilla)
    t = np.arange(n)
    with np.errstate(over="ignore", invalid="ignore"):  # se comprueba abajo
        limpia = np.sin(2 * np.pi * freq * t) + 0.5 * np.sin(
            2 * np.pi * freq * 3 * t
        )  # (n,)
    e = ruido * np.random.RandomState(semilla).randn(n)  # (n,)
    with np.errstate(over="ignore"):  # un desbordamiento se comprueba abajo
        valores = (limpia + e).astype(np.float32)  # (n,)
    _v.finitos(
        "la serie",
        valores,
        f"freq = {freq} y ruido = {ruido} son demasiado grandes para float32",
    )
    return SerieSintetica(t=t, limpia=limpia, ruido=e, valores=valores)


def generar_serie_sinusoide(
    n: int = 1000, freq: float = 0.05, ruido: float = 0.1, seed: int = 42
) -> np.ndarray:
    """La función de la guía: solo los valores observados (``float32``).

    Examples
    --------
    >>> generar_serie_sinusoide(n=2000).shape
    (2000,)
    """
    return generar_serie(n, freq, ruido, seed).valores


def crear_dataset_ventana(serie, ventana: int = 20, horizonte: int = 1):
    """Pares (X, y) deslizando una ventana sobre la serie.

    ``X[i] = serie[i : i + ventana]`` y ``y[i] = serie[i + ventana : i + ventana + horizonte]``.

    Parameters
    ----------
    serie : array_like de forma (n,)
    ventana : int
        Longitud T de la ventana observada.
    horizonte : int
        Número K de valores futuros a predecir.

    Returns
    -------
    X : ndarray de forma (N, T)
    y : ndarray de forma (N, K)
        Con N = n − T − K + 1.

    Examples
    --------
    >>> X, y = crear_dataset_ventana(np.arange(6.0), ventana=3)
    >>> X.tolist(), y.ravel().tolist()
    ([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [2.0, 3.0, 4.0]], [3.0, 4.0, 5.0])
    """
    serie = _v.array_finito("serie", serie, ndim=1)
    ventana = _v.entero_positivo("ventana", ventana)
    horizonte = _v.entero_positivo("horizonte", horizonte)
    n = serie.shape[0] - ventana - horizonte + 1
    if n < 1:
        raise ValueError(
            f"La serie es demasiado corta: tiene {serie.shape[0]} valores y se necesitan al menos "
            f"ventana + horizonte = {ventana + horizonte}."
        )
    vistas = np.lib.stride_tricks.sliding_window_view(serie, ventana + horizonte)[
        :n
    ]  # (N, T + K)
    return vistas[:, :ventana].copy(), vistas[:, ventana:].copy()


def dividir_cronologicamente(
    n: int, fraccion_entrenamiento: float = 0.7, fraccion_validacion: float = 0.15
):
    """Cortes cronológicos (sin barajar) en entrenamiento, validación y prueba.

    Como la guía: ``int(0.7 n)`` ejemplos de entrenamiento, ``int(0.15 n)``
    de validación y el resto, los más recientes, de prueba.

    Returns
    -------
    tuple of slice
        ``(entrenamiento, validacion, prueba)``.

    Examples
    --------
    >>> dividir_cronologicamente(1970)
    (slice(0, 1379, None), slice(1379, 1674, None), slice(1674, 1970, None))
    """
    n = _v.entero_positivo("n", n, minimo=3)
    fe = _v.real_positivo("fraccion_entrenamiento", fraccion_entrenamiento)
    fv = _v.real_positivo("fraccion_validacion", fraccion_validacion)
    if fe + fv >= 1:
        raise ValueError(
            f"Las fracciones deben sumar menos de 1 (queda la prueba); se recibió {fe} + {fv}."
        )
    a, b = int(fe * n), int(fe * n) + int(fv * n)
    if a < 1 or b <= a or b >= n:
        raise ValueError(
            f"Con n={n} algún conjunto queda vacío ({a}, {b - a}, {n - b})."
        )
    return slice(0, a), slice(a, b), slice(b, n)


@dataclass
class DatosSeries:
    """Ventanas de la serie divididas cronológicamente, listas para entrenar.

    Attributes
    ----------
    serie : SerieSintetica
    X, y : dict str → Tensor
        Para ``"entrenamiento"``, ``"validacion"`` y ``"prueba"``: entradas de
        forma (N, T, 1) y objetivos de forma (N, K), ``float32``.
    limpia : dict str → ndarray de forma (N, K)
        La parte sin ruido de cada objetivo.
    instantes : dict str → ndarray de forma (N,)
        Instante t de la serie del primer valor de cada objetivo.
    ventana, horizonte : int
    """

    serie: SerieSintetica
    X: dict
    y: dict
    limpia: dict
    instantes: dict
    ventana: int
    horizonte: int

    def par(self, conjunto: str) -> tuple[torch.Tensor, torch.Tensor]:
        """``(X, y)`` de un conjunto, para :func:`rnnbook.entrenar`."""
        _v.opcion("conjunto", conjunto, ("entrenamiento", "validacion", "prueba"))
        return self.X[conjunto], self.y[conjunto]

    def tamanos(self) -> dict[str, int]:
        """Número de ventanas de cada conjunto."""
        return {k: int(v.shape[0]) for k, v in self.y.items()}


def preparar_datos_series(
    n: int = 2000,
    ventana: int = 30,
    horizonte: int = 1,
    *,
    freq: float = 0.05,
    ruido: float = 0.1,
    semilla: int = 42,
) -> DatosSeries:
    """Serie de la guía → ventanas → división cronológica 70 / 15 / 15.

    Con los valores por defecto (los de la guía) salen 1379 / 295 / 296 ventanas.

    Returns
    -------
    DatosSeries

    Examples
    --------
    >>> preparar_datos_series().tamanos()
    {'entrenamiento': 1379, 'validacion': 295, 'prueba': 296}
    """
    serie = generar_serie(n, freq, ruido, semilla)
    X, y = crear_dataset_ventana(serie.valores, ventana, horizonte)  # (N, T), (N, K)
    Xl, yl = crear_dataset_ventana(serie.limpia, ventana, horizonte)
    t0 = np.arange(X.shape[0]) + ventana
    cortes = dict(
        zip(
            ("entrenamiento", "validacion", "prueba"),
            dividir_cronologicamente(X.shape[0]),
        )
    )
    return DatosSeries(
        serie=serie,
        X={
            k: torch.from_numpy(X[s]).float().unsqueeze(-1) for k, s in cortes.items()
        },  # (N, T, 1)
        y={k: torch.from_numpy(y[s]).float() for k, s in cortes.items()},  # (N, K)
        limpia={k: yl[s] for k, s in cortes.items()},
        instantes={k: t0[s] for k, s in cortes.items()},
        ventana=ventana,
        horizonte=horizonte,
    )


# ------------------------------------------------------------------------ referencias
def a_numpy(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else x
