"""El motor de entrenamiento único del libro (PyTorch, CPU o CUDA).

Todos los ejemplos con PyTorch entrenan con :func:`entrenar` y evalúan con
:func:`evaluar`. Los datos se pasan como tensores completos, se mueven **una
vez** al dispositivo y los lotes se obtienen cortando esos tensores con una
permutación aleatoria sembrada; no hay colación muestra a muestra en Python.

Lo que hace el motor en cada época, en este orden:

1. ``modelo.train()`` y una permutación de los índices (generador propio,
   sembrado con ``semilla``);
2. por lote: ``zero_grad`` → *forward* → pérdida → ``backward`` → recorte del
   gradiente por norma global (opcional) → paso del optimizador; la pérdida se
   acumula **en el dispositivo**, sin ``.item()`` por lote (en CUDA cada
   ``.item()`` obliga a esperar a la GPU);
3. validación con ``modelo.eval()`` y ``torch.no_grad()``, y vuelta a
   ``modelo.train()``;
4. una fila del :class:`Historial`, el paso del planificador de la tasa de
   aprendizaje y la parada temprana.
"""

from __future__ import annotations

import math
import pickle
import sys
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import torch
from torch import nn

from . import validacion as _v
from .entorno import elegir_dispositivo, fijar_semilla

__all__ = [
    "exactitud",
    "Historial",
    "evaluar",
    "predecir",
    "entrenar",
    "entrenar_una_epoca",
    "guardar_modelo",
    "cargar_modelo",
]

Entradas = torch.Tensor | tuple[torch.Tensor, ...]
Datos = tuple[Entradas, torch.Tensor]
Metrica = Callable[[torch.Tensor, torch.Tensor], float]


# --------------------------------------------------------------------------- datos
def _como_tupla(entradas) -> tuple:
    if isinstance(entradas, (tuple, list)):
        return tuple(entradas)
    return (entradas,)


def _validar_modelo(modelo) -> nn.Module:
    if not isinstance(modelo, nn.Module):
        raise TypeError(
            f"modelo debe ser un torch.nn.Module; se recibió {type(modelo).__name__}."
        )
    return modelo


def _validar_datos(nombre: str, datos) -> tuple[tuple[torch.Tensor, ...], torch.Tensor]:
    if not isinstance(datos, (tuple, list)) or len(datos) != 2:
        raise TypeError(
            f"{nombre} debe ser un par (entradas, objetivos) de tensores; se recibió {type(datos).__name__}"
            + (f" de longitud {len(datos)}" if isinstance(datos, (tuple, list)) else "")
            + "."
        )
    entradas, objetivos = _como_tupla(datos[0]), datos[1]
    if not entradas:
        raise ValueError(f"{nombre}: las entradas no pueden ser una tupla vacía.")
    for t in (*entradas, objetivos):
        if not isinstance(t, torch.Tensor):
            raise TypeError(
                f"{nombre} debe contener tensores de PyTorch; se recibió {type(t).__name__}."
            )
    if objetivos.ndim == 0 or objetivos.shape[0] == 0:
        raise ValueError(
            f"{nombre}: los objetivos deben tener al menos un ejemplo en el eje 0; "
            f"se recibió forma {tuple(objetivos.shape)}."
        )
    n = objetivos.shape[0]
    for t in entradas:
        if t.ndim == 0 or t.shape[0] != n:
            raise ValueError(
                f"{nombre}: todas las entradas deben tener {n} ejemplos en el eje 0 (como los objetivos); "
                f"se recibió forma {tuple(t.shape)}."
            )
    return entradas, objetivos


def _a_dispositivo(entradas, objetivos, dispositivo):
    return tuple(t.to(dispositivo) for t in entradas), objetivos.to(dispositivo)


def _forward_por_defecto(
    modelo: nn.Module, entradas: tuple[torch.Tensor, ...], objetivos: torch.Tensor
):
    return modelo(*entradas)


def _validar_invocable(nombre: str, valor, *, opcional: bool = True):
    if valor is None and opcional:
        return None
    if not callable(valor):
        raise TypeError(
            f"{nombre} debe ser invocable; se recibió {type(valor).__name__}."
        )
    return valor


# ------------------------------------------------------------------------ métricas
def exactitud(salida: torch.Tensor, objetivos: torch.Tensor) -> float:
    """Fracción de aciertos del ``argmax`` sobre el último eje.

    Parameters
    ----------
    salida : Tensor de forma (N, C) o (N, T, C)
        Logits o probabilidades.
    objetivos : Tensor de forma (N,) o (N, T)
        Índices de clase.

    Returns
    -------
    float
        Valor en [0, 1].

    Raises
    ------
    ValueError
        Si las formas no encajan.

    Examples
    --------
    >>> exactitud(torch.tensor([[2.0, 0.0], [0.0, 1.0]]), torch.tensor([0, 0]))
    0.5
    """
    if salida.shape[:-1] != objetivos.shape:
        raise ValueError(
            f"exactitud: la salida debe tener forma {tuple(objetivos.shape)} + (clases,); "
            f"se recibió {tuple(salida.shape)}."
        )
    return float((salida.argmax(dim=-1) == objetivos).float().mean())


# ------------------------------------------------------------------------ historial
@dataclass
class Historial:
    """Registro por época de un entrenamiento.

    Attributes
    ----------
    epocas : list of dict
        Una entrada por época con ``"epoca"``, ``"perdida_entrenamiento"``,
        ``"<metrica>_entrenamiento"`` (si ``metricas_entrenamiento``),
        ``"perdida_validacion"`` y ``"<metrica>_validacion"`` si hay
        validación, ``"lr"`` (la tasa usada en la época) y ``"segundos"``
        (duración de la época, validación incluida).
    mejor_epoca : int o None
        Época (desde 1) con el mejor valor monitorizado, si hubo validación.
    detenido_antes : bool
        ``True`` si la parada temprana cortó el entrenamiento.
    segundos : float
        Duración total.
    dispositivo : str
        Dispositivo usado (``"cpu"`` o ``"cuda"``).
    """

    epocas: list[dict] = field(default_factory=list)
    mejor_epoca: int | None = None
    detenido_antes: bool = False
    segundos: float = 0.0
    dispositivo: str = "cpu"

    def columna(self, nombre: str) -> list[float]:
        """Valores de una columna a lo largo de las épocas.

        Raises
        ------
        KeyError
            Si la columna no existe (el mensaje lista las disponibles).
        """
        if not self.epocas or nombre not in self.epocas[0]:
            disponibles = sorted(self.epocas[0]) if self.epocas else []
            raise KeyError(
                f"No existe la columna {nombre!r}; disponibles: {disponibles}."
            )
        return [fila[nombre] for fila in self.epocas]

    def como_tabla(self):
        """Historial como ``pandas.DataFrame`` indexado por época."""
        import pandas as pd

        return pd.DataFrame(self.epocas).set_index("epoca")


# ------------------------------------------------------------------------- evaluar
@torch.no_grad()
def _salidas(modelo, entradas, objetivos, tam_lote, paso_forward):
    """Salidas en modo ``eval()`` y sin gradientes; el modo anterior se restaura al salir."""
    estaba_entrenando = modelo.training
    modelo.eval()
    try:
        n = objetivos.shape[0]
        if n <= tam_lote:  # un solo lote: sin copias ni concatenación
            return paso_forward(modelo, entradas, objetivos)
        partes = []
        for ini in range(0, n, tam_lote):
            sl = slice(ini, ini + tam_lote)
            partes.append(
                paso_forward(modelo, tuple(t[sl] for t in entradas), objetivos[sl])
            )
        return torch.cat(partes, dim=0)
    finally:
        modelo.train(estaba_entrenando)


def _evaluar_en(
    modelo, entradas, objetivos, perdida, metricas, tam_lote, paso_forward
) -> dict[str, float]:
    """Evaluación sin comprobaciones: los datos ya están en el dispositivo del modelo."""
    salida = _salidas(modelo, entradas, objetivos, tam_lote, paso_forward)
    resultado: dict[str, float] = {}
    if perdida is not None:
        with torch.no_grad():
            resultado["perdida"] = float(perdida(salida, objetivos))
    for nombre, fn in (metricas or {}).items():
        resultado[nombre] = float(fn(salida, objetivos))
    return resultado


def _validar_metricas(metricas) -> dict:
    if metricas is None:
        return {}
    if not isinstance(metricas, Mapping):
        raise TypeError(
            f"metricas debe ser un dict nombre → función; se recibió {type(metricas).__name__}."
        )
    for nombre, fn in metricas.items():
        if not isinstance(nombre, str) or not nombre:
            raise TypeError(
                f"Los nombres de las métricas deben ser cadenas no vacías; se recibió {nombre!r}."
            )
        _validar_invocable(f"metricas[{nombre!r}]", fn, opcional=False)
    return dict(metricas)


def evaluar(
    modelo: nn.Module,
    datos: Datos,
    *,
    perdida: Callable | None = None,
    metricas: Mapping[str, Metrica] | None = None,
    tam_lote: int = 256,
    dispositivo: str | torch.device = "auto",
    paso_forward: Callable | None = None,
) -> dict[str, float]:
    """Evalúa ``modelo`` en modo ``eval()`` y sin gradientes.

    El modo del modelo (``train``/``eval``) se restaura al terminar.

    Parameters
    ----------
    modelo : torch.nn.Module
    datos : tuple (entradas, objetivos)
        ``entradas`` es un tensor de forma (N, ...) o una tupla de tensores con
        N ejemplos; ``objetivos`` un tensor de forma (N, ...).
    perdida : callable, opcional
        ``perdida(salida, objetivos) -> Tensor`` escalar (media sobre el lote).
        Se aplica a las salidas de **todo** el conjunto a la vez.
    metricas : dict nombre → callable, opcional
        ``metrica(salida, objetivos) -> float`` sobre el conjunto completo.
    tam_lote : int
    dispositivo : {"auto", "cpu", "cuda"} o torch.device
    paso_forward : callable, opcional
        ``paso_forward(modelo, entradas, objetivos) -> salida``; por defecto
        ``modelo(*entradas)``.

    Returns
    -------
    dict
        ``{"perdida": ..., <metrica>: ...}`` (``"perdida"`` solo si se dio).

    Examples
    --------
    >>> m = nn.Linear(2, 2)
    >>> r = evaluar(m, (torch.zeros(4, 2), torch.zeros(4, dtype=torch.long)),
    ...             metricas={"exactitud": exactitud}, dispositivo="cpu")
    >>> sorted(r), m.training
    (['exactitud'], True)
    """
    _validar_modelo(modelo)
    entradas, objetivos = _validar_datos("datos", datos)
    tam_lote = _v.entero_positivo("tam_lote", tam_lote)
    _validar_invocable("perdida", perdida)
    metricas = _validar_metricas(metricas)
    paso_forward = (
        _validar_invocable("paso_forward", paso_forward) or _forward_por_defecto
    )
    dispositivo = elegir_dispositivo(dispositivo)
    modelo.to(dispositivo)
    entradas, objetivos = _a_dispositivo(entradas, objetivos, dispositivo)
    return _evaluar_en(
        modelo, entradas, objetivos, perdida, metricas, tam_lote, paso_forward
    )


def predecir(
    modelo: nn.Module,
    entradas: Entradas,
    *,
    tam_lote: int = 256,
    dispositivo: str | torch.device = "auto",
) -> torch.Tensor:
    """Salidas de ``modelo`` (modo ``eval()``, sin gradientes), devueltas en la CPU.

    Parameters
    ----------
    modelo : torch.nn.Module
    entradas : Tensor de forma (N, ...) o tupla de tensores
    tam_lote : int
    dispositivo : {"auto", "cpu", "cuda"} o torch.device

    Returns
    -------
    Tensor de forma (N, ...)

    Examples
    --------
    >>> predecir(nn.Linear(3, 1), torch.zeros(5, 3), dispositivo="cpu").shape
    torch.Size([5, 1])
    """
    _validar_modelo(modelo)
    entradas = _como_tupla(entradas)
    if (
        not entradas
        or not isinstance(entradas[0], torch.Tensor)
        or entradas[0].ndim == 0
    ):
        raise TypeError(
            "entradas debe ser un tensor de forma (N, ...) o una tupla de tensores con N ejemplos."
        )
    objetivos_ficticios = torch.zeros(entradas[0].shape[0])
    entradas, _ = _validar_datos("entradas", (entradas, objetivos_ficticios))
    tam_lote = _v.entero_positivo("tam_lote", tam_lote)
    dispositivo = elegir_dispositivo(dispositivo)
    modelo.to(dispositivo)
    entradas, objetivos_ficticios = _a_dispositivo(
        entradas, objetivos_ficticios, dispositivo
    )
    return _salidas(
        modelo, entradas, objetivos_ficticios, tam_lote, _forward_por_defecto
    ).cpu()


# ------------------------------------------------------------------------ entrenar
def _mejora(valor: float, mejor: float, modo: str) -> bool:
    return valor < mejor if modo == "min" else valor > mejor


def _columnas_posibles(
    metricas, con_validacion: bool, metricas_entrenamiento: bool
) -> list[str]:
    columnas = ["perdida_entrenamiento", "lr"]
    if metricas_entrenamiento:
        columnas += [f"{m}_entrenamiento" for m in metricas]
    if con_validacion:
        columnas += ["perdida_validacion"] + [f"{m}_validacion" for m in metricas]
    return columnas


def entrenar(
    modelo: nn.Module,
    datos_entrenamiento: Datos,
    datos_validacion: Datos | None = None,
    *,
    perdida: Callable,
    epocas: int,
    tam_lote: int = 32,
    lr: float = 1e-3,
    optimizador: Callable | None = None,
    recorte_gradiente: float | None = None,
    planificador: Callable | None = None,
    metricas: Mapping[str, Metrica] | None = None,
    metricas_entrenamiento: bool = False,
    paciencia: int | None = None,
    monitor: str = "perdida_validacion",
    modo: str = "min",
    restaurar_mejor: bool = True,
    barajar: bool = True,
    dispositivo: str | torch.device = "auto",
    semilla: int = 0,
    paso_forward: Callable | None = None,
    progreso: bool | None = None,
    tam_lote_eval: int = 1024,
) -> Historial:
    """Entrena ``modelo`` y devuelve su :class:`Historial`.

    Parameters
    ----------
    modelo : torch.nn.Module
        Se mueve a ``dispositivo``.
    datos_entrenamiento, datos_validacion : tuple (entradas, objetivos)
        ``entradas`` es un tensor de forma (N, ...) o una tupla de tensores con
        N ejemplos en el eje 0; ``objetivos`` es un tensor de forma (N, ...).
        Se copian una sola vez al dispositivo.
    perdida : callable
        ``perdida(salida, objetivos) -> Tensor`` escalar (media sobre el lote),
        p. ej. ``nn.CrossEntropyLoss()``.
    epocas : int
        Número máximo de épocas.
    tam_lote : int
        Tamaño del lote de entrenamiento (el último lote de la época puede
        ser más pequeño).
    lr : float
        Tasa de aprendizaje (si ``optimizador`` no se da, se usa Adam).
    optimizador : callable, opcional
        ``optimizador(parametros) -> torch.optim.Optimizer``, p. ej.
        ``lambda p: torch.optim.SGD(p, lr=0.1)``.
    recorte_gradiente : float, opcional
        Norma global máxima del gradiente (``clip_grad_norm_``).
    planificador : callable, opcional
        ``planificador(optimizador) -> LRScheduler``; avanza una vez por época
        (con la métrica monitorizada si es ``ReduceLROnPlateau``).
    metricas : dict nombre → callable, opcional
        Métricas ``metrica(salida, objetivos) -> float``, medidas en validación.
    metricas_entrenamiento : bool
        Si es cierto, las métricas también se miden en cada lote de
        entrenamiento (en modo ``train()``, con *dropout*, como hace la
        guía) y se promedian ponderando por el tamaño del lote: columnas
        ``"<metrica>_entrenamiento"``. Cuesta una sincronización por lote.
    paciencia : int, opcional
        Parada temprana tras ``paciencia`` épocas sin mejorar ``monitor``.
    monitor : str
        Columna del historial que decide la mejor época (requiere validación).
    modo : {"min", "max"}
        Si ``monitor`` mejora al bajar o al subir.
    restaurar_mejor : bool
        Con validación, al terminar se cargan los pesos de la mejor época.
    barajar : bool
        Baraja los ejemplos de entrenamiento en cada época.
    dispositivo : {"auto", "cpu", "cuda"} o torch.device
    semilla : int
        Siembra el barajado y el *dropout* (llama a
        :func:`rnnbook.fijar_semilla`).
    paso_forward : callable, opcional
        ``paso_forward(modelo, entradas, objetivos) -> salida``; por defecto
        ``modelo(*entradas)``. Permite, p. ej., *teacher forcing* solo cuando
        ``modelo.training`` es cierto.
    progreso : bool, opcional
        Barra de progreso (tqdm). Por defecto, solo si la salida de errores es
        una terminal: así no aparece al construir el libro.
    tam_lote_eval : int
        Tamaño del lote al evaluar.

    Returns
    -------
    Historial

    Raises
    ------
    ValueError
        Valores fuera de rango, ``monitor`` desconocido, o parada temprana
        sin datos de validación.
    TypeError
        Argumentos de tipo equivocado.

    Notes
    -----
    La pérdida de entrenamiento de una época es la media de las pérdidas de
    sus lotes ponderada por el tamaño de cada lote, es decir, la media sobre
    los ejemplos con los pesos que iban cambiando durante la época. La de
    validación se mide al final de la época, con los pesos finales y sin
    *dropout*: por eso puede ser **menor** que la de entrenamiento.

    Examples
    --------
    >>> _ = fijar_semilla(0)
    >>> X = torch.randn(64, 3); y = (X.sum(1) > 0).long()
    >>> h = entrenar(nn.Linear(3, 2), (X, y), (X, y), perdida=nn.CrossEntropyLoss(),
    ...              epocas=3, lr=0.1, metricas={"exactitud": exactitud}, dispositivo="cpu")
    >>> len(h.epocas), sorted(h.epocas[0])[:3]
    (3, ['epoca', 'exactitud_validacion', 'lr'])
    """
    a = _validar_argumentos(
        modelo, datos_entrenamiento, datos_validacion, perdida=perdida,
        epocas=epocas, tam_lote=tam_lote, lr=lr, optimizador=optimizador,
        recorte_gradiente=recorte_gradiente, planificador=planificador,
        metricas=metricas, metricas_entrenamiento=metricas_entrenamiento,
        paciencia=paciencia, monitor=monitor, modo=modo, semilla=semilla,
        paso_forward=paso_forward, progreso=progreso, tam_lote_eval=tam_lote_eval,
    )  # fmt: skip
    dispositivo = elegir_dispositivo(dispositivo)
    fijar_semilla(a.semilla)
    modelo.to(dispositivo)
    entradas, objetivos = _a_dispositivo(a.entradas, a.objetivos, dispositivo)
    validacion = a.validacion
    if validacion is not None:
        validacion = _a_dispositivo(*validacion, dispositivo)
    opt = _crear_optimizador(modelo, a.optimizador, a.lr)
    sched = a.planificador(opt) if a.planificador else None
    generador = torch.Generator(device=dispositivo).manual_seed(a.semilla)

    from tqdm import tqdm

    barra = tqdm(
        range(1, a.epocas + 1),
        desc="Entrenando",
        unit="época",
        disable=not a.progreso,
        leave=False,
        file=sys.stderr,
    )
    historial = Historial(dispositivo=dispositivo.type)
    parada = _ParadaTemprana(a.monitor, modo, a.paciencia, restaurar_mejor)
    n = objetivos.shape[0]
    inicio = time.perf_counter()
    for epoca in barra:
        t0 = time.perf_counter()
        orden = (
            torch.randperm(n, generator=generador, device=dispositivo)
            if barajar
            else torch.arange(n, device=dispositivo)
        )
        fila = {"epoca": epoca}
        fila |= entrenar_una_epoca(
            modelo,
            _lotes(entradas, objetivos, orden, a.tam_lote),
            a.perdida,
            opt,
            recorte_gradiente=a.recorte_gradiente,
            paso_forward=a.paso_forward,
            metricas=a.metricas if a.metricas_entrenamiento else None,
        )
        if validacion is not None:
            res = _evaluar_en(
                modelo, *validacion, a.perdida, a.metricas, a.tam_lote_eval,
                a.paso_forward,
            )  # fmt: skip
            fila["perdida_validacion"] = res.pop("perdida")
            for nombre, v in res.items():
                fila[f"{nombre}_validacion"] = v
        fila["lr"] = opt.param_groups[0]["lr"]
        fila["segundos"] = time.perf_counter() - t0
        historial.epocas.append(fila)
        barra.set_postfix(
            {
                k: f"{v:.4g}"
                for k, v in fila.items()
                if k.startswith("perdida") or k.endswith("_validacion")
            }
        )
        if validacion is not None:
            parada.registrar(fila, epoca, modelo, historial)
        if sched is not None:
            if isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau):
                sched.step(fila.get(a.monitor, fila["perdida_entrenamiento"]))
            else:
                sched.step()
        if parada.agotada():
            historial.detenido_antes = True
            break
    barra.close()
    parada.restaurar(modelo)
    historial.segundos = time.perf_counter() - inicio
    return historial


def entrenar_una_epoca(
    modelo: nn.Module,
    lotes,
    perdida: Callable,
    optimizador: torch.optim.Optimizer,
    *,
    recorte_gradiente: float | None = None,
    paso_forward: Callable | None = None,
    metricas: Mapping[str, Metrica] | None = None,
) -> dict[str, float]:
    """Una época de entrenamiento: el bucle que repite :func:`entrenar`.

    Para cada lote, seis pasos: borrar los gradientes, *forward*, pérdida,
    *backward*, recorte de la norma global y paso del optimizador.

    Parameters
    ----------
    modelo : torch.nn.Module
        Se pone en modo ``train()`` (activa el *dropout*).
    lotes : iterable de (entradas, objetivos)
        ``entradas`` es una tupla de tensores de forma (B, ...) y ``objetivos``
        un tensor de forma (B, ...), ya en el dispositivo del modelo.
    perdida : callable
        ``perdida(salida, objetivos) -> Tensor`` escalar (media del lote).
    optimizador : torch.optim.Optimizer
    recorte_gradiente : float, opcional
        Norma global máxima del gradiente (``clip_grad_norm_``).
    paso_forward : callable, opcional
        ``paso_forward(modelo, entradas, objetivos) -> salida``; por defecto
        ``modelo(*entradas)``.
    metricas : dict nombre → callable, opcional
        Métricas medidas en cada lote (con los pesos de ese momento).

    Returns
    -------
    dict
        ``"perdida_entrenamiento"`` (media por ejemplo) y una entrada
        ``"<metrica>_entrenamiento"`` por métrica.
    """
    paso_forward = paso_forward or _forward_por_defecto
    parametros = [p for p in modelo.parameters() if p.requires_grad]
    modelo.train()
    suma, n, sumas_metricas = None, 0, dict.fromkeys(metricas or {}, 0.0)
    for entradas, objetivos in lotes:
        B = objetivos.shape[0]
        if suma is None:
            suma = torch.zeros((), device=objetivos.device)
        optimizador.zero_grad(set_to_none=True)  # 1. borra los gradientes anteriores
        salida = paso_forward(modelo, entradas, objetivos)  # 2. forward
        valor = perdida(salida, objetivos)  # 3. pérdida media del lote
        valor.backward()  # 4. backward: deja dL/dθ en p.grad
        if recorte_gradiente is not None:  # 5. recorte de la norma global
            nn.utils.clip_grad_norm_(parametros, recorte_gradiente)
        optimizador.step()  # 6. θ ← θ − paso
        suma += valor.detach() * B
        n += B
        if sumas_metricas:
            with torch.no_grad():
                for nombre, fn in metricas.items():
                    sumas_metricas[nombre] += float(fn(salida.detach(), objetivos)) * B
    fila = {"perdida_entrenamiento": float(suma) / n}
    for nombre, total in sumas_metricas.items():
        fila[f"{nombre}_entrenamiento"] = total / n
    return fila


def _lotes(entradas, objetivos, orden, tam_lote):
    """Los lotes de una época, en el orden dado (índices barajados o no)."""
    for ini in range(0, orden.shape[0], tam_lote):
        idx = orden[ini : ini + tam_lote]
        yield tuple(t[idx] for t in entradas), objetivos[idx]


class _ParadaTemprana:
    """Recuerda la mejor época según ``monitor`` y cuenta las que no mejoran."""

    def __init__(self, monitor, modo, paciencia, restaurar_mejor):
        self.monitor, self.modo = monitor, modo
        self.paciencia, self.restaurar_mejor = paciencia, restaurar_mejor
        self.mejor_valor = math.inf if modo == "min" else -math.inf
        self.mejor_estado = None
        self.sin_mejora = 0

    def registrar(self, fila, epoca, modelo, historial) -> None:
        if _mejora(fila[self.monitor], self.mejor_valor, self.modo):
            self.mejor_valor, self.sin_mejora = fila[self.monitor], 0
            historial.mejor_epoca = epoca
            if self.restaurar_mejor:
                self.mejor_estado = {
                    k: v.detach().clone() for k, v in modelo.state_dict().items()
                }
        else:
            self.sin_mejora += 1

    def agotada(self) -> bool:
        return self.paciencia is not None and self.sin_mejora >= self.paciencia

    def restaurar(self, modelo) -> None:
        if self.mejor_estado is not None:
            modelo.load_state_dict(self.mejor_estado)


def _crear_optimizador(modelo, optimizador, lr):
    parametros = [p for p in modelo.parameters() if p.requires_grad]
    if not parametros:
        raise ValueError(
            "El modelo no tiene parámetros entrenables (requires_grad=True)."
        )
    opt = (
        optimizador(parametros) if optimizador else torch.optim.Adam(parametros, lr=lr)
    )
    if not isinstance(opt, torch.optim.Optimizer):
        raise TypeError(
            f"optimizador debe devolver un torch.optim.Optimizer; devolvió {type(opt).__name__}."
        )
    return opt


def _validar_argumentos(modelo, datos_entrenamiento, datos_validacion, **o):
    """Valida una sola vez los argumentos de :func:`entrenar` y los normaliza."""
    _validar_modelo(modelo)
    o["entradas"], o["objetivos"] = _validar_datos(
        "datos_entrenamiento", datos_entrenamiento
    )
    o["validacion"] = None
    if datos_validacion is not None:
        o["validacion"] = _validar_datos("datos_validacion", datos_validacion)
    for nombre in ("epocas", "tam_lote", "tam_lote_eval"):
        o[nombre] = _v.entero_positivo(nombre, o[nombre])
    o["lr"] = _v.real_positivo("lr", o["lr"])
    if o["recorte_gradiente"] is not None:
        o["recorte_gradiente"] = _v.real_positivo(
            "recorte_gradiente", o["recorte_gradiente"]
        )
    if o["paciencia"] is not None:
        o["paciencia"] = _v.entero_positivo("paciencia", o["paciencia"])
    _v.opcion("modo", o["modo"], ("min", "max"))
    monitor = o["monitor"]
    if not isinstance(monitor, str):
        raise TypeError(
            f"monitor debe ser el nombre de una columna (str); se recibió {type(monitor).__name__}."
        )
    if (o["paciencia"] is not None or monitor != "perdida_validacion") and o[
        "validacion"
    ] is None:
        raise ValueError(
            "La parada temprana y 'monitor' necesitan datos_validacion; se recibió None."
        )
    _validar_invocable("perdida", o["perdida"], opcional=False)
    _validar_invocable("optimizador", o["optimizador"])
    _validar_invocable("planificador", o["planificador"])
    o["paso_forward"] = (
        _validar_invocable("paso_forward", o["paso_forward"]) or _forward_por_defecto
    )
    o["metricas"] = _validar_metricas(o["metricas"])
    if not isinstance(o["metricas_entrenamiento"], bool):
        raise TypeError(
            "metricas_entrenamiento debe ser bool; se recibió "
            f"{type(o['metricas_entrenamiento']).__name__}."
        )
    if o["validacion"] is not None:
        posibles = _columnas_posibles(o["metricas"], True, o["metricas_entrenamiento"])
        if monitor not in posibles:
            raise ValueError(
                f"monitor debe ser una de las columnas {posibles}; se recibió {monitor!r}."
            )
    o["semilla"] = _v.entero_positivo("semilla", o["semilla"], minimo=0)
    if o["progreso"] is None:
        o["progreso"] = sys.stderr.isatty()
    return SimpleNamespace(**o)


# --------------------------------------------------------------------- checkpoints
def guardar_modelo(modelo: nn.Module, ruta) -> Path:
    """Guarda el ``state_dict`` de ``modelo`` (tensores en la CPU) en ``ruta``.

    Parameters
    ----------
    modelo : torch.nn.Module
    ruta : str o pathlib.Path
        Archivo de destino (se crean las carpetas que falten).

    Returns
    -------
    pathlib.Path
        La ruta escrita.
    """
    _validar_modelo(modelo)
    ruta = Path(ruta)
    ruta.parent.mkdir(parents=True, exist_ok=True)
    estado = {k: v.detach().cpu() for k, v in modelo.state_dict().items()}
    torch.save(estado, ruta)
    return ruta


def cargar_modelo(ruta, modelo: nn.Module) -> nn.Module:
    """Carga en ``modelo`` un ``state_dict`` guardado con :func:`guardar_modelo`.

    Usa ``torch.load(weights_only=True)``: nunca se ejecuta código arbitrario
    al leer el archivo. Los pesos se copian en los parámetros de ``modelo``,
    en el dispositivo donde estén.

    Parameters
    ----------
    ruta : str o pathlib.Path
    modelo : torch.nn.Module
        Modelo con la misma arquitectura que el guardado.

    Returns
    -------
    torch.nn.Module
        El mismo ``modelo``, con los pesos cargados.

    Raises
    ------
    ValueError
        Si el archivo no existe, está corrupto o truncado, no contiene un
        ``state_dict`` o corresponde a otra arquitectura (nombres o formas
        distintos). En ese caso ``modelo`` queda intacto.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> ruta = pathlib.Path(tempfile.mkdtemp()) / "m.pth"
    >>> _ = guardar_modelo(nn.Linear(3, 2), ruta)
    >>> cargar_modelo(ruta, nn.Linear(3, 2)).weight.shape
    torch.Size([2, 3])
    >>> cargar_modelo(ruta, nn.Linear(4, 2))
    Traceback (most recent call last):
    ...
    ValueError: Los pesos de ... no corresponden a la arquitectura de Linear: ...
    """
    _validar_modelo(modelo)
    ruta = Path(ruta)
    if not ruta.is_file():
        raise ValueError(f"No existe el archivo de modelo {str(ruta)!r}.")
    try:
        estado = torch.load(ruta, map_location="cpu", weights_only=True)
    except (
        RuntimeError,
        EOFError,
        pickle.UnpicklingError,
        zipfile.BadZipFile,
        OSError,
        ValueError,
        AttributeError,
        TypeError,
        IndexError,
        KeyError,
    ) as exc:
        raise ValueError(
            f"El archivo {str(ruta)!r} no es un state_dict de PyTorch válido "
            f"(¿corrupto o truncado?): {exc}"
        ) from exc
    if (
        not isinstance(estado, Mapping)
        or not estado
        or not all(
            isinstance(k, str) and isinstance(v, torch.Tensor)
            for k, v in estado.items()
        )
    ):
        raise ValueError(
            f"El archivo {str(ruta)!r} no contiene un state_dict (diccionario no vacío de tensores); "
            f"contiene {type(estado).__name__}."
        )
    esperado = modelo.state_dict()
    faltan = sorted(set(esperado) - set(estado))
    sobran = sorted(set(estado) - set(esperado))
    formas = [
        f"{k}: {tuple(estado[k].shape)} en el archivo, {tuple(v.shape)} en el modelo"
        for k, v in esperado.items()
        if k in estado and estado[k].shape != v.shape
    ]
    if faltan or sobran or formas:
        detalles = []
        if faltan:
            detalles.append(f"faltan {faltan[:5]}{' …' if len(faltan) > 5 else ''}")
        if sobran:
            detalles.append(f"sobran {sobran[:5]}{' …' if len(sobran) > 5 else ''}")
        if formas:
            detalles.append(
                "formas distintas: "
                + "; ".join(formas[:3])
                + (" …" if len(formas) > 3 else "")
            )
        raise ValueError(
            f"Los pesos de {str(ruta)!r} no corresponden a la arquitectura de "
            f"{type(modelo).__name__}: " + "; ".join(detalles) + "."
        )
    modelo.load_state_dict(estado, strict=True)
    return modelo
