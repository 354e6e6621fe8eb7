r"""El comprobador del trabajo del estudiante: ``python -m rnnbook comprobar TAREA ARCHIVO.py``.

Carga la clase que pide la tarea desde el archivo del estudiante y le pasa las
mismas pruebas que el libro pasa a las suyas: formas de las salidas, *forward*
frente a PyTorch con los mismos pesos en ``float64``, *backward* frente a la
autodiferenciación de PyTorch y frente a diferencias finitas, y entradas no
válidas. Cada comprobación da una línea:

* ``✓`` se cumple;
* ``✗`` no se cumple (o el código del estudiante lanzó una excepción: se
  nombra su tipo, su mensaje y la línea del archivo del estudiante);
* ``⚠`` aviso: solo las entradas no válidas. La guía no valida sus entradas y
  el ejercicio trata de las ecuaciones, así que una celda correcta que no
  rechaza un vector plano o un ``NaN`` no suspende; pero el aviso dice qué
  error silencioso (un *broadcast* de NumPy, un ``NaN`` que se propaga) deja
  pasar.

El código de salida depende solo de ``✓`` y ``✗``: 0 si no hay ningún ``✗``,
1 si hay alguno y 2 si la orden está mal dada (tarea desconocida, archivo que
no existe o no es ``.py``, clase que no está en el archivo).

Los pesos y las entradas los fija el comprobador (semilla fija, escala
suficiente para que las no linealidades trabajen): el resultado no depende
de la inicialización del estudiante, que solo se comprueba en las formas.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .desde_cero.comprobacion import error_relativo, gradiente_numerico

__all__ = [
    "TOLERANCIA_FORWARD",
    "TOLERANCIA_AUTOGRAD",
    "TOLERANCIA_DIF_FINITAS",
    "TAREAS",
    "Resultado",
    "ErrorDeUso",
    "cargar_clase",
    "comprobar",
    "formatear",
    "ejecutar",
]

#: Error relativo máximo del *forward* frente a PyTorch (ambos en ``float64``).
TOLERANCIA_FORWARD = 1e-10
#: Error relativo máximo de cada gradiente frente al autograd de PyTorch (``float64``).
TOLERANCIA_AUTOGRAD = 1e-8
#: Error relativo máximo de cada gradiente frente a diferencias finitas centradas.
TOLERANCIA_DIF_FINITAS = 1e-6
#: Paso de las diferencias finitas. Con 1e-6 el redondeo de la pérdida dividido
#: por el paso ya se acerca a la tolerancia en los gradientes más pequeños de la
#: GRU; con 1e-5 el peor error de las clases del libro queda unas veinte veces
#: por debajo (``tests/test_comprobar.py`` lo vigila).
PASO_DIF_FINITAS = 1e-5

#: Tamaños con que se prueba cada celda: entrada D, estado H, salida O, pasos T.
D, H, O, T = 3, 4, 2, 5

OK, FALLO, AVISO = "ok", "fallo", "aviso"
_SIMBOLO = {OK: "✓", FALLO: "✗", AVISO: "⚠"}


@dataclass
class Resultado:
    """Lo que da una comprobación.

    Attributes
    ----------
    estado : {"ok", "fallo", "aviso"}
    nombre : str
        Qué se comprueba, p. ej. ``"forward_sequence frente a nn.LSTM (float64)"``.
    error : float o None
        El error relativo medido, si la comprobación mide uno.
    tolerancia : float o None
        El máximo admitido.
    mensaje : str
        Detalle en español (qué falló, qué parámetro, qué línea).
    """

    estado: str
    nombre: str
    error: float | None = None
    tolerancia: float | None = None
    mensaje: str = ""

    @property
    def ok(self) -> bool:
        """``False`` solo si es un ``✗``: un aviso no cuenta como fallo."""
        return self.estado != FALLO


class ErrorDeUso(ValueError):
    """La orden está mal dada (código de salida 2): tarea, archivo o clase."""


class _Fallo(Exception):
    """Una comprobación que no se cumple por un motivo que explica el mensaje."""


@dataclass(frozen=True)
class Tarea:
    """Una tarea del estudiante: la clase que se busca y sus comprobaciones."""

    clase: str
    esqueleto: str
    comprobaciones: tuple


# --------------------------------------------------------------------------- carga del archivo
_contador = itertools.count()


def _validar_archivo(archivo) -> Path:
    ruta = Path(archivo)
    if not ruta.exists():
        raise ErrorDeUso(f"no existe el archivo {str(ruta)!r}")
    if ruta.is_dir():
        raise ErrorDeUso(
            f"{str(ruta)!r} es una carpeta; se esperaba un archivo .py con la clase"
        )
    if ruta.suffix != ".py":
        raise ErrorDeUso(
            f"{str(ruta)!r} no es un archivo de Python: se esperaba la extensión .py; "
            f"se recibió {ruta.suffix or 'un nombre sin extensión'!r}"
        )
    return ruta.resolve()


def _linea_del_estudiante(exc: BaseException, ruta: Path) -> str:
    """``" (archivo.py, línea N)"`` del último marco del archivo del estudiante, o ``""``.

    Solo el número: la línea de código puede ser el principio de una orden
    partida en varias (``raise NotImplementedError(``), que no explica nada.
    Un error de sintaxis sí muestra su línea.
    """
    if (
        isinstance(exc, SyntaxError)
        and exc.filename
        and exc.lineno
        and Path(exc.filename).resolve() == ruta
    ):
        texto = (exc.text or "").strip()
        return f" ({ruta.name}, línea {exc.lineno}" + (f": {texto})" if texto else ")")
    marcos = [
        m
        for m in traceback.extract_tb(exc.__traceback__)
        if Path(m.filename).resolve() == ruta
    ]
    if not marcos:
        return ""
    return f" ({ruta.name}, línea {marcos[-1].lineno})"


def _describir_excepcion(exc: BaseException, ruta: Path) -> str:
    if isinstance(exc, SyntaxError):
        texto = f"{type(exc).__name__}: {exc.msg}"
    else:
        texto = f"{type(exc).__name__}: {exc}".rstrip(": ")
    return texto + _linea_del_estudiante(exc, ruta)


def cargar_clase(archivo, nombre_clase: str):
    """Importa ``nombre_clase`` del archivo ``archivo`` sin ejecutar nada más.

    El archivo se carga con :func:`importlib.util.spec_from_file_location` bajo
    un nombre de módulo único (no se añade su carpeta a ``sys.path``).

    Parameters
    ----------
    archivo : str o pathlib.Path
        El ``.py`` del estudiante.
    nombre_clase : str
        La clase que pide la tarea.

    Returns
    -------
    clase : type o None
        La clase, o ``None`` si el archivo no se pudo ejecutar.
    fallo : Resultado o None
        Si el archivo no se pudo ejecutar (error de sintaxis, excepción al
        importarlo), un ``✗`` con la línea del archivo; si no, ``None``.

    Raises
    ------
    ErrorDeUso
        Si el archivo no existe, es una carpeta o no es ``.py``, o si no define
        ``nombre_clase`` (el mensaje nombra las clases que sí encontró).
    """
    import importlib.util
    import inspect

    ruta = _validar_archivo(archivo)
    nombre_modulo = f"_rnnbook_estudiante_{os.getpid()}_{next(_contador)}"
    spec = importlib.util.spec_from_file_location(nombre_modulo, ruta)
    modulo = importlib.util.module_from_spec(spec)
    sys.modules[nombre_modulo] = modulo  # p. ej. dataclasses lo busca ahí
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            spec.loader.exec_module(modulo)
    except Exception as exc:  # cualquier error es del estudiante
        return None, Resultado(
            FALLO, f"cargar {ruta.name}", mensaje=_describir_excepcion(exc, ruta)
        )
    finally:
        sys.modules.pop(nombre_modulo, None)
    clase = getattr(modulo, nombre_clase, None)
    if not inspect.isclass(clase):
        encontradas = sorted(
            n for n, v in vars(modulo).items() if inspect.isclass(v) and n[0] != "_"
        )
        raise ErrorDeUso(
            f"{ruta.name} no define la clase {nombre_clase}; "
            + (
                f"clases encontradas: {', '.join(encontradas)}"
                if encontradas
                else "no se encontró ninguna clase"
            )
        )
    return clase, None


# --------------------------------------------------------------------------- utilidades de las comprobaciones
def _generador(k: int = 0) -> np.random.Generator:
    return np.random.default_rng(1234 + k)


def _formas_esperadas(obj, formas: dict[str, tuple]) -> None:
    """Cada parámetro es un ndarray de la forma esperada (si no, ``_Fallo``)."""
    malos = []
    for nombre, forma in formas.items():
        p = getattr(obj, nombre, None)
        if not isinstance(p, np.ndarray):
            malos.append(
                f"{nombre}: falta" if p is None else f"{nombre}: no es un ndarray"
            )
        elif p.shape != forma:
            malos.append(f"{nombre}: forma {p.shape}, se esperaba {forma}")
    if malos:
        raise _Fallo("; ".join(malos))


def _fijar_pesos(obj, formas: dict[str, tuple], escala: float = 0.6) -> None:
    """Escribe en sitio pesos aleatorios fijos en cada parámetro (sirve con vistas)."""
    _formas_esperadas(obj, formas)
    gen = _generador(99)
    for nombre, forma in formas.items():
        p = getattr(obj, nombre)
        p[...] = gen.normal(0.0, escala, forma)


def _comparar(
    nombre: str,
    calculados: dict[str, np.ndarray],
    referencia: dict[str, np.ndarray],
    tolerancia: float,
) -> Resultado:
    """Un resultado que compara varios arrays: el peor error y los que fallan."""
    errores = {}
    for clave, ref in referencia.items():
        if clave not in calculados:
            raise _Fallo(f"falta la clave {clave!r} (se esperaban {list(referencia)})")
        valor = np.asarray(calculados[clave], dtype=np.float64)
        if valor.shape != np.shape(ref):
            raise _Fallo(
                f"{clave} tiene forma {valor.shape}; se esperaba {np.shape(ref)}"
            )
        errores[clave] = error_relativo(valor, ref)
    peor = max(errores, key=lambda k: np.nan_to_num(errores[k], nan=np.inf))
    error = errores[peor]
    fallan = [k for k, e in errores.items() if not e <= tolerancia]
    if fallan:
        return Resultado(
            FALLO,
            nombre,
            error,
            tolerancia,
            f"fallan: {', '.join(fallan)}",
        )
    return Resultado(OK, nombre, error, tolerancia, f"peor: {peor}")


def _debe_rechazar(nombre: str, llamada: Callable[[], object], que: str) -> Resultado:
    """Aviso si ``llamada()`` no lanza ``ValueError`` ni ``TypeError``."""
    try:
        llamada()
    except (ValueError, TypeError) as exc:
        return Resultado(OK, nombre, mensaje=f"{type(exc).__name__}")
    except Exception as exc:
        return Resultado(
            AVISO,
            nombre,
            mensaje=f"lanza {type(exc).__name__}, no ValueError ni TypeError",
        )
    return Resultado(AVISO, nombre, mensaje=f"no se rechaza: {que}")


def _derivada_numerica(perdida: Callable[[], float], p: np.ndarray) -> np.ndarray:
    """Gradiente por diferencias finitas perturbando ``p`` **en sitio** (y restaurándolo)."""
    original = p.copy()

    def f(w):
        p[...] = w
        try:
            return perdida()
        finally:
            p[...] = original

    return gradiente_numerico(f, original, h=PASO_DIF_FINITAS)


def _tensor(a):
    import torch

    return torch.from_numpy(np.array(a, dtype=np.float64))


def _lista_de_formas(nombre, valor, longitud, forma):
    if not isinstance(valor, (list, tuple)) or len(valor) != longitud:
        raise _Fallo(
            f"{nombre} debe ser una lista de {longitud} arrays; se recibió "
            + (
                f"longitud {len(valor)}"
                if isinstance(valor, (list, tuple))
                else type(valor).__name__
            )
        )
    for t, v in enumerate(valor):
        if np.shape(v) != forma:
            raise _Fallo(
                f"{nombre}[{t}] tiene forma {np.shape(v)}; se esperaba {forma}"
            )


def _forma(nombre, valor, forma):
    if np.shape(valor) != forma:
        raise _Fallo(f"{nombre} tiene forma {np.shape(valor)}; se esperaba {forma}")


# --------------------------------------------------------------------------- Parte 1: la celda RNN
FORMAS_RNN = {
    "W_xh": (H, D),
    "W_hh": (H, H),
    "b_h": (H, 1),
    "W_hy": (O, H),
    "b_y": (O, 1),
}


def _secuencia_columnas():
    gen = _generador(1)
    return [gen.normal(size=(D, 1)) for _ in range(T)]  # T vectores (D, 1)


def _rnn_de_referencia(obj, clase_libro):
    """Un objeto del libro con los pesos de ``obj`` (para el puente con PyTorch)."""
    ref = clase_libro(D, H, O, semilla=0)
    for nombre in FORMAS_RNN:
        setattr(ref, nombre, np.array(getattr(obj, nombre), dtype=np.float64))
    return ref


def _rnn_nueva(clase, args=()):
    np.random.seed(0)
    obj = clase(D, H, O, *args)
    _fijar_pesos(obj, FORMAS_RNN)
    return obj


def _rnn_parametros(clase):
    np.random.seed(0)
    _formas_esperadas(clase(D, H, O), FORMAS_RNN)
    return Resultado(
        OK,
        "formas de los parámetros",
        mensaje=", ".join(f"{k} {v}" for k, v in FORMAS_RNN.items()),
    )


def _rnn_conteo(clase):
    np.random.seed(0)
    obj = clase(D, H, O)
    esperado = sum(int(np.prod(f)) for f in FORMAS_RNN.values())
    n = obj.get_param_count()
    if n != esperado:
        raise _Fallo(f"devuelve {n}; se esperaba {esperado} = HD + H² + H + OH + O")
    return Resultado(OK, "get_param_count()", mensaje=f"{esperado} parámetros")


def _rnn_paso_formas(clase):
    obj = _rnn_nueva(clase)
    salida = obj.forward_step(np.ones((D, 1)), np.zeros((H, 1)))
    if not isinstance(salida, tuple) or len(salida) != 3:
        raise _Fallo("forward_step debe devolver la tupla (h_t, y_t, a_t)")
    h_t, y_t, a_t = salida
    _forma("h_t", h_t, (H, 1))
    _forma("y_t", y_t, (O, 1))
    _forma("a_t", a_t, (H, 1))
    return Resultado(
        OK,
        "formas de forward_step",
        mensaje=f"h_t {(H, 1)}, y_t {(O, 1)}, a_t {(H, 1)}",
    )


def _rnn_forward_torch(clase):
    from .desde_cero.rnn import CeldaRNN
    from .desde_cero.verificacion import forward_rnn_torch

    obj = _rnn_nueva(clase)
    X = _secuencia_columnas()
    Hs, Ys = obj.forward_sequence(X)
    _lista_de_formas("H", Hs, T, (H, 1))
    _lista_de_formas("Y", Ys, T, (O, 1))
    H_pt, Y_pt = forward_rnn_torch(_rnn_de_referencia(obj, CeldaRNN), X)
    return _comparar(
        "forward_sequence frente a nn.RNN + nn.Linear (float64)",
        {"h_t": np.stack(Hs), "y_t": np.stack(Ys)},
        {"h_t": np.stack(H_pt), "y_t": np.stack(Y_pt)},
        TOLERANCIA_FORWARD,
    )


def _rnn_dY():
    gen = _generador(2)
    return [gen.normal(size=(O, 1)) for _ in range(T)]


def _rnn_backward_analitico(obj, X, dY):
    obj.forward_sequence(X)
    salida = obj.backward_sequence(dY)
    if not isinstance(salida, tuple) or len(salida) != 3:
        raise _Fallo("backward_sequence debe devolver la tupla (grads, dX, dh0)")
    grads, dX, dh0 = salida
    if not isinstance(grads, dict):
        raise _Fallo(f"grads debe ser un dict; se recibió {type(grads).__name__}")
    _lista_de_formas("dX", dX, T, (D, 1))
    return {**grads, "X": np.stack(dX), "h0": dh0}


def _rnn_backward_torch(clase):
    import torch

    from .desde_cero.rnn import CeldaRNN
    from .desde_cero.verificacion import _a_tensor_tnd, copia_torch

    obj = _rnn_nueva(clase)
    X, dY = _secuencia_columnas(), _rnn_dY()
    analiticos = _rnn_backward_analitico(obj, X, dY)
    rnn, salida = copia_torch(_rnn_de_referencia(obj, CeldaRNN))
    Xt = _a_tensor_tnd(X).requires_grad_(True)  # (T, 1, D)
    h0 = torch.zeros(1, 1, H, dtype=torch.float64, requires_grad=True)
    estados, _ = rnn(Xt, h0)  # (T, 1, H)
    Y = salida(estados)  # (T, 1, O)
    G = _tensor(np.stack(dY)).transpose(1, 2)  # (T, 1, O)
    (Y * G).sum().backward()
    referencia = {
        "W_xh": rnn.weight_ih_l0.grad.numpy(),
        "W_hh": rnn.weight_hh_l0.grad.numpy(),
        "b_h": rnn.bias_ih_l0.grad.numpy()[:, None],
        "W_hy": salida.weight.grad.numpy(),
        "b_y": salida.bias.grad.numpy()[:, None],
        "X": Xt.grad.numpy().transpose(0, 2, 1),  # (T, D, 1)
        "h0": h0.grad.numpy()[0].T,  # (H, 1)
    }
    return _comparar(
        "backward_sequence frente a autograd de PyTorch (float64)",
        analiticos,
        referencia,
        TOLERANCIA_AUTOGRAD,
    )


def _rnn_backward_numerico(clase):
    obj = _rnn_nueva(clase)
    X, dY = _secuencia_columnas(), _rnn_dY()
    analiticos = _rnn_backward_analitico(obj, X, dY)

    def perdida():
        _, Y = obj.forward_sequence(X)
        return float(sum(np.sum(y * g) for y, g in zip(Y, dY)))

    numericos = {n: _derivada_numerica(perdida, getattr(obj, n)) for n in FORMAS_RNN}
    return _comparar(
        "backward_sequence frente a diferencias finitas",
        analiticos,
        numericos,
        TOLERANCIA_DIF_FINITAS,
    )


def _rnn_vector_plano(clase):
    obj = _rnn_nueva(clase)
    return _debe_rechazar(
        "entrada no válida: vector plano (D,) en lugar de (D, 1)",
        lambda: obj.forward_step(np.ones(D), np.zeros((H, 1))),
        "NumPy difunde (H,) + (H, 1) y devuelve un h_t (H, H) sin avisar",
    )


def _rnn_nan(clase):
    obj = _rnn_nueva(clase)
    x = np.ones((D, 1))
    x[0, 0] = np.nan
    return _debe_rechazar(
        "entrada no válida: x_t con NaN",
        lambda: obj.forward_step(x, np.zeros((H, 1))),
        "el NaN se propaga a h_t y a todos los pasos siguientes",
    )


# --------------------------------------------------------------------------- Parte 1: BPTT
def _bptt_nueva(clase):
    np.random.seed(0)
    obj = clase(D, H, O, 0.01)
    _fijar_pesos(obj, FORMAS_RNN)
    return obj


def _bptt_parametros(clase):
    np.random.seed(0)
    obj = clase(D, H, O, 0.01)
    _formas_esperadas(obj, FORMAS_RNN)
    return Resultado(
        OK,
        "formas de los parámetros",
        mensaje=", ".join(f"{k} {v}" for k, v in FORMAS_RNN.items()),
    )


_CLASE_BPTT = 1  # la clase objetivo de la secuencia de prueba


def _bptt_forward_formas(obj, X):
    salida = obj.forward(X)
    if not isinstance(salida, tuple) or len(salida) != 3:
        raise _Fallo("forward debe devolver la tupla (H, A, y_pred)")
    Hs, A, y_pred = salida
    _lista_de_formas("H", Hs, T + 1, (H, 1))
    _lista_de_formas("A", A, T, (H, 1))
    _forma("y_pred", y_pred, (O, 1))
    return Hs, A, y_pred


def _bptt_forward_torch(clase):
    from .desde_cero.rnn import CeldaRNN
    from .desde_cero.verificacion import forward_rnn_torch

    obj = _bptt_nueva(clase)
    X = _secuencia_columnas()
    Hs, _, y_pred = _bptt_forward_formas(obj, X)
    H_pt, Y_pt = forward_rnn_torch(_rnn_de_referencia(obj, CeldaRNN), X)
    z = Y_pt[-1] - Y_pt[-1].max()
    p = np.exp(z) / np.exp(z).sum()
    return _comparar(
        "forward frente a nn.RNN + nn.Linear + softmax (float64)",
        {"h_t": np.stack(Hs[1:]), "y_pred": y_pred},
        {"h_t": np.stack(H_pt), "y_pred": p},
        TOLERANCIA_FORWARD,
    )


def _bptt_loss(clase):
    import torch

    obj = _bptt_nueva(clase)
    X = _secuencia_columnas()
    _, _, y_pred = _bptt_forward_formas(obj, X)
    perdida = float(np.squeeze(obj.loss(y_pred, _CLASE_BPTT)))
    logits = torch.log(_tensor(y_pred).T)  # (1, O): log softmax
    ref = float(torch.nn.functional.cross_entropy(logits, torch.tensor([_CLASE_BPTT])))
    return _comparar(
        "loss frente a F.cross_entropy (float64)",
        {"loss": np.array(perdida)},
        {"loss": np.array(ref)},
        TOLERANCIA_FORWARD,
    )


def _bptt_analiticos(obj, X):
    Hs, A, y_pred = _bptt_forward_formas(obj, X)
    grads = obj.backward(X, Hs, A, y_pred, _CLASE_BPTT)
    if not isinstance(grads, dict):
        raise _Fallo(
            f"backward debe devolver un dict; se recibió {type(grads).__name__}"
        )
    return grads


def _bptt_referencia(obj, X):
    """Los gradientes de PyTorch: el puente del libro con los pesos de ``obj``."""
    from .desde_cero.rnn import RNN_BPTT
    from .desde_cero.verificacion import gradientes_bptt_torch

    return gradientes_bptt_torch(_rnn_de_referencia(obj, RNN_BPTT), X, _CLASE_BPTT)


def _bptt_backward_torch(clase):
    obj = _bptt_nueva(clase)
    X = _secuencia_columnas()
    return _comparar(
        "backward frente a autograd de PyTorch (float64)",
        _bptt_analiticos(obj, X),
        _bptt_referencia(obj, X),
        TOLERANCIA_AUTOGRAD,
    )


def _bptt_backward_numerico(clase):
    obj = _bptt_nueva(clase)
    X = _secuencia_columnas()
    analiticos = _bptt_analiticos(obj, X)

    def perdida():
        return float(np.squeeze(obj.loss(obj.forward(X)[2], _CLASE_BPTT)))

    numericos = {n: _derivada_numerica(perdida, getattr(obj, n)) for n in FORMAS_RNN}
    return _comparar(
        "backward frente a diferencias finitas",
        analiticos,
        numericos,
        TOLERANCIA_DIF_FINITAS,
    )


def _bptt_recorte(clase):
    obj = _bptt_nueva(clase)
    gen = _generador(3)
    grandes = {n: gen.normal(0.0, 10.0, f) for n, f in FORMAS_RNN.items()}
    copia = {n: g.copy() for n, g in grandes.items()}
    norma = float(np.sqrt(sum(np.sum(g**2) for g in grandes.values())))
    recortados = obj.clip_gradients(grandes, 5.0)
    esperados = {n: g * (5.0 / norma) for n, g in copia.items()}
    resultado = _comparar(
        "clip_gradients: norma global 5.0 y misma dirección",
        recortados,
        esperados,
        TOLERANCIA_FORWARD,
    )
    pequenos = {n: g * (1.0 / norma) for n, g in copia.items()}  # norma 1 < 5
    sin_cambio = obj.clip_gradients({n: g.copy() for n, g in pequenos.items()}, 5.0)
    if resultado.ok and any(
        not np.array_equal(np.asarray(sin_cambio[n]), pequenos[n]) for n in pequenos
    ):
        raise _Fallo("con norma 1 < max_norm = 5 los gradientes no deben cambiar")
    return resultado


def _bptt_paso(clase):
    obj = _bptt_nueva(clase)
    X = _secuencia_columnas()
    antes = {n: np.array(getattr(obj, n)) for n in FORMAS_RNN}
    grads = _bptt_referencia(obj, X)
    norma = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))
    factor = min(1.0, 5.0 / norma)
    obj.step(X, _CLASE_BPTT)
    despues = {n: np.array(getattr(obj, n)) for n in FORMAS_RNN}
    esperados = {n: antes[n] - 0.01 * factor * grads[n] for n in FORMAS_RNN}
    return _comparar(
        "step: W ← W - lr · grad (SGD con recorte)",
        despues,
        esperados,
        TOLERANCIA_AUTOGRAD,
    )


def _bptt_vector_plano(clase):
    obj = _bptt_nueva(clase)
    return _debe_rechazar(
        "entrada no válida: vectores planos (D,) en lugar de (D, 1)",
        lambda: obj.forward([np.ones(D)] * T),
        "NumPy difunde (H,) + (H, 1) y los estados pasan a ser (H, H)",
    )


def _bptt_clase_fuera(clase):
    obj = _bptt_nueva(clase)
    X = _secuencia_columnas()

    def llamada():
        obj.loss(obj.forward(X)[2], O)

    return _debe_rechazar(
        f"entrada no válida: clase y_true = {O} con O = {O} salidas",
        llamada,
        "una clase inexistente",
    )


# --------------------------------------------------------------------------- Parte 2: la LSTM
PUERTAS_LSTM = ("f", "i", "C", "o")  # orden de los bloques de dW y db
FORMAS_LSTM = {
    **{f"W_{p}": (H, H + D) for p in PUERTAS_LSTM},
    **{f"b_{p}": (H,) for p in PUERTAS_LSTM},
}


def _lstm_nueva(clase):
    np.random.seed(0)
    obj = clase(D, H)
    _fijar_pesos(obj, FORMAS_LSTM)
    return obj


def _secuencia_filas():
    gen = _generador(4)
    return [gen.normal(size=D) for _ in range(T)]  # T vectores (D,)


def _lstm_parametros(clase):
    np.random.seed(0)
    obj = clase(D, H)
    _formas_esperadas(obj, FORMAS_LSTM)
    if not np.allclose(obj.b_f, 1.0):
        raise _Fallo(f"b_f debe empezar en 1 (recordar por defecto); vale {obj.b_f}")
    return Resultado(
        OK,
        "formas de los parámetros",
        mensaje=f"W_f, W_i, W_C, W_o {(H, H + D)}; b_f, b_i, b_C, b_o {(H,)}; b_f = 1",
    )


def _lstm_conteo(clase):
    np.random.seed(0)
    n = clase(D, H).get_param_count()
    esperado = 4 * ((H + D) * H + H)
    if n != esperado:
        raise _Fallo(f"devuelve {n}; se esperaba {esperado} = 4((H + D)H + H)")
    return Resultado(OK, "get_param_count()", mensaje=f"{esperado} parámetros")


def _lstm_paso_formas(clase):
    obj = _lstm_nueva(clase)
    salida = obj.forward_step(np.ones(D), np.zeros(H), np.zeros(H))
    if not isinstance(salida, tuple) or len(salida) != 3:
        raise _Fallo("forward_step debe devolver la tupla (h_t, C_t, cache)")
    h_t, C_t, cache = salida
    _forma("h_t", h_t, (H,))
    _forma("C_t", C_t, (H,))
    if not isinstance(cache, dict):
        raise _Fallo(f"cache debe ser un dict; se recibió {type(cache).__name__}")
    return Resultado(
        OK, "formas de forward_step", mensaje=f"h_t {(H,)}, C_t {(H,)}, cache dict"
    )


def _lstm_torch(obj, clase_libro_nombre: str):
    """``nn.LSTM`` o ``nn.GRU`` (float64) con los pesos de ``obj``, por la celda del libro."""
    import torch

    from . import desde_cero

    ref_clase = getattr(desde_cero, clase_libro_nombre)
    ref = ref_clase(D, H, semilla=0)
    for nombre in FORMAS_LSTM if clase_libro_nombre == "CeldaLSTM" else FORMAS_GRU:
        setattr(ref, nombre, np.array(getattr(obj, nombre), dtype=np.float64))
    celda = ref.a_torch()
    capa = (torch.nn.LSTM if clase_libro_nombre == "CeldaLSTM" else torch.nn.GRU)(
        D, H
    ).double()
    with torch.no_grad():
        for nombre in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(capa, nombre + "_l0").copy_(getattr(celda, nombre))
    return capa


def _lstm_forward_torch(clase):
    import torch

    obj = _lstm_nueva(clase)
    X = _secuencia_filas()
    salida = obj.forward_sequence(X)
    if not isinstance(salida, tuple) or len(salida) != 3:
        raise _Fallo("forward_sequence debe devolver (states_h, states_C, caches)")
    states_h, states_C, _ = salida
    _lista_de_formas("states_h", states_h, T + 1, (H,))
    _lista_de_formas("states_C", states_C, T + 1, (H,))
    with torch.no_grad():
        out, (_, c_n) = _lstm_torch(obj, "CeldaLSTM")(_tensor(np.stack(X)))  # (T, H)
    return _comparar(
        "forward_sequence frente a nn.LSTM (float64)",
        {"h_t": np.stack(states_h[1:]), "C_T": states_C[-1]},
        {"h_t": out.numpy(), "C_T": c_n.numpy()[0]},
        TOLERANCIA_FORWARD,
    )


def _lstm_gradientes_externos():
    gen = _generador(5)
    return gen.normal(size=(T, H)), gen.normal(size=H)  # dH (T, H), dC_T (H,)


def _lstm_analiticos(obj, X, dH, dC_T):
    _, _, caches = obj.forward_sequence(X)
    g = obj.backward_sequence(dH, caches, None, dC_T)
    if not isinstance(g, dict):
        raise _Fallo(
            f"backward_sequence debe devolver un dict; se recibió {type(g).__name__}"
        )
    for clave, forma in (("W", (4 * H, H + D)), ("b", (4 * H,))):
        if clave not in g:
            raise _Fallo(f"falta la clave {clave!r} en el dict de backward_sequence")
        _forma(f"grads[{clave!r}]", g[clave], forma)
    separados = {k: v for k, v in g.items() if k not in ("W", "b")}
    for k, p in enumerate(PUERTAS_LSTM):  # bloques f, i, C, o con sus nombres
        separados[f"W_{p}"] = np.asarray(g["W"])[k * H : (k + 1) * H]
        separados[f"b_{p}"] = np.asarray(g["b"])[k * H : (k + 1) * H]
    return separados


def _lstm_backward_torch(clase):
    import torch

    obj = _lstm_nueva(clase)
    X = _secuencia_filas()
    dH, dC_T = _lstm_gradientes_externos()
    analiticos = _lstm_analiticos(obj, X, dH, dC_T)
    capa = _lstm_torch(obj, "CeldaLSTM")
    Xt = _tensor(np.stack(X)).requires_grad_(True)  # (T, D)
    h0 = torch.zeros(1, H, dtype=torch.float64, requires_grad=True)
    c0 = torch.zeros(1, H, dtype=torch.float64, requires_grad=True)
    out, (_, c_n) = capa(Xt, (h0, c0))
    ((out * _tensor(dH)).sum() + (c_n[0] * _tensor(dC_T)).sum()).backward()
    orden = [1, 0, 2, 3]  # PyTorch i, f, g, o → f, i, C, o
    W_hh = capa.weight_hh_l0.grad.numpy().reshape(4, H, H)[orden]
    W_ih = capa.weight_ih_l0.grad.numpy().reshape(4, H, D)[orden]
    b = capa.bias_ih_l0.grad.numpy().reshape(4, H)[orden]
    referencia = {
        "X": Xt.grad.numpy(),
        "h0": h0.grad.numpy()[0],
        "C0": c0.grad.numpy()[0],
    }
    for k, p in enumerate(PUERTAS_LSTM):
        referencia[f"W_{p}"] = np.concatenate([W_hh[k], W_ih[k]], axis=1)  # [h, x]
        referencia[f"b_{p}"] = b[k]
    return _comparar(
        "backward_sequence frente a autograd de PyTorch (float64)",
        analiticos,
        referencia,
        TOLERANCIA_AUTOGRAD,
    )


def _lstm_backward_numerico(clase):
    obj = _lstm_nueva(clase)
    X = _secuencia_filas()
    dH, dC_T = _lstm_gradientes_externos()
    analiticos = _lstm_analiticos(obj, X, dH, dC_T)

    def perdida():
        states_h, states_C, _ = obj.forward_sequence(X)
        return float(np.sum(np.stack(states_h[1:]) * dH) + np.sum(states_C[-1] * dC_T))

    numericos = {n: _derivada_numerica(perdida, getattr(obj, n)) for n in FORMAS_LSTM}
    return _comparar(
        "backward_sequence frente a diferencias finitas",
        analiticos,
        numericos,
        TOLERANCIA_DIF_FINITAS,
    )


def _lstm_dimension(clase):
    obj = _lstm_nueva(clase)
    return _debe_rechazar(
        f"entrada no válida: x_t de dimensión {D + 1} con D = {D}",
        lambda: obj.forward_step(np.ones(D + 1), np.zeros(H), np.zeros(H)),
        "una entrada de otra dimensión",
    )


def _lstm_nan(clase):
    obj = _lstm_nueva(clase)
    x = np.ones(D)
    x[0] = np.nan
    return _debe_rechazar(
        "entrada no válida: x_t con NaN",
        lambda: obj.forward_step(x, np.zeros(H), np.zeros(H)),
        "el NaN se propaga a h_t, a C_t y a todos los pasos siguientes",
    )


# --------------------------------------------------------------------------- Parte 2: la GRU
FORMAS_GRU = {
    "W_ih": (3 * H, D),
    "W_hh": (3 * H, H),
    "b_ih": (3 * H,),
    "b_hh": (3 * H,),
}


def _gru_nueva(clase):
    np.random.seed(0)
    obj = clase(D, H)
    _fijar_pesos(obj, FORMAS_GRU)
    return obj


def _gru_parametros(clase):
    np.random.seed(0)
    _formas_esperadas(clase(D, H), FORMAS_GRU)
    return Resultado(
        OK,
        "formas de los parámetros",
        mensaje=", ".join(f"{k} {v}" for k, v in FORMAS_GRU.items()),
    )


def _gru_conteo(clase):
    np.random.seed(0)
    n = clase(D, H).get_param_count()
    esperado = 3 * (H * D + H * H + 2 * H)
    if n != esperado:
        raise _Fallo(f"devuelve {n}; se esperaba {esperado} = 3(HD + H² + 2H)")
    return Resultado(OK, "get_param_count()", mensaje=f"{esperado} parámetros")


def _gru_paso_formas(clase):
    obj = _gru_nueva(clase)
    salida = obj.forward_step(np.ones(D), np.zeros(H))
    if not isinstance(salida, tuple) or len(salida) != 2:
        raise _Fallo("forward_step debe devolver la tupla (h_t, cache)")
    h_t, cache = salida
    _forma("h_t", h_t, (H,))
    if not isinstance(cache, dict):
        raise _Fallo(f"cache debe ser un dict; se recibió {type(cache).__name__}")
    return Resultado(OK, "formas de forward_step", mensaje=f"h_t {(H,)}, cache dict")


def _gru_forward_torch(clase):
    import torch

    obj = _gru_nueva(clase)
    X = _secuencia_filas()
    salida = obj.forward_sequence(X)
    if not isinstance(salida, tuple) or len(salida) != 2:
        raise _Fallo("forward_sequence debe devolver (states_h, caches)")
    states_h, _ = salida
    _lista_de_formas("states_h", states_h, T + 1, (H,))
    with torch.no_grad():
        out, _ = _lstm_torch(obj, "CeldaGRU")(_tensor(np.stack(X)))  # (T, H)
    return _comparar(
        "forward_sequence frente a nn.GRU (float64)",
        {"h_t": np.stack(states_h[1:])},
        {"h_t": out.numpy()},
        TOLERANCIA_FORWARD,
    )


def _gru_analiticos(obj, X, dH):
    _, caches = obj.forward_sequence(X)
    g = obj.backward_sequence(dH, caches)
    if not isinstance(g, dict):
        raise _Fallo(
            f"backward_sequence debe devolver un dict; se recibió {type(g).__name__}"
        )
    return g


def _gru_backward_torch(clase):
    import torch

    obj = _gru_nueva(clase)
    X = _secuencia_filas()
    dH = _lstm_gradientes_externos()[0]
    analiticos = _gru_analiticos(obj, X, dH)
    capa = _lstm_torch(obj, "CeldaGRU")
    Xt = _tensor(np.stack(X)).requires_grad_(True)
    h0 = torch.zeros(1, H, dtype=torch.float64, requires_grad=True)
    out, _ = capa(Xt, h0)
    (out * _tensor(dH)).sum().backward()
    referencia = {
        "W_ih": capa.weight_ih_l0.grad.numpy(),
        "W_hh": capa.weight_hh_l0.grad.numpy(),
        "b_ih": capa.bias_ih_l0.grad.numpy(),
        "b_hh": capa.bias_hh_l0.grad.numpy(),
        "X": Xt.grad.numpy(),
        "h0": h0.grad.numpy()[0],
    }
    return _comparar(
        "backward_sequence frente a autograd de PyTorch (float64)",
        analiticos,
        referencia,
        TOLERANCIA_AUTOGRAD,
    )


def _gru_backward_numerico(clase):
    obj = _gru_nueva(clase)
    X = _secuencia_filas()
    dH = _lstm_gradientes_externos()[0]
    analiticos = _gru_analiticos(obj, X, dH)

    def perdida():
        states_h, _ = obj.forward_sequence(X)
        return float(np.sum(np.stack(states_h[1:]) * dH))

    numericos = {n: _derivada_numerica(perdida, getattr(obj, n)) for n in FORMAS_GRU}
    return _comparar(
        "backward_sequence frente a diferencias finitas",
        analiticos,
        numericos,
        TOLERANCIA_DIF_FINITAS,
    )


def _gru_dimension(clase):
    obj = _gru_nueva(clase)
    return _debe_rechazar(
        f"entrada no válida: x_t de dimensión {D + 1} con D = {D}",
        lambda: obj.forward_step(np.ones(D + 1), np.zeros(H)),
        "una entrada de otra dimensión",
    )


def _gru_nan(clase):
    obj = _gru_nueva(clase)
    x = np.ones(D)
    x[0] = np.nan
    return _debe_rechazar(
        "entrada no válida: x_t con NaN",
        lambda: obj.forward_step(x, np.zeros(H)),
        "el NaN se propaga a h_t y a todos los pasos siguientes",
    )


# --------------------------------------------------------------------------- las tareas
def _nombrada(nombre: str, funcion):
    funcion.nombre = nombre
    return funcion


#: Las tareas por nombre (``celda_rnn``, ``bptt``, ``celda_lstm``, ``celda_gru``):
#: la clase que se busca, su esqueleto y sus comprobaciones, en orden.
TAREAS: dict[str, Tarea] = {
    "celda_rnn": Tarea(
        "CeldaRNN",
        "celda_rnn.py",
        (
            _nombrada("formas de los parámetros", _rnn_parametros),
            _nombrada("get_param_count()", _rnn_conteo),
            _nombrada("formas de forward_step", _rnn_paso_formas),
            _nombrada(
                "forward_sequence frente a nn.RNN + nn.Linear (float64)",
                _rnn_forward_torch,
            ),
            _nombrada(
                "backward_sequence frente a autograd de PyTorch (float64)",
                _rnn_backward_torch,
            ),
            _nombrada(
                "backward_sequence frente a diferencias finitas", _rnn_backward_numerico
            ),
            _nombrada(
                "entrada no válida: vector plano (D,) en lugar de (D, 1)",
                _rnn_vector_plano,
            ),
            _nombrada("entrada no válida: x_t con NaN", _rnn_nan),
        ),
    ),
    "bptt": Tarea(
        "RNN_BPTT",
        "bptt.py",
        (
            _nombrada("formas de los parámetros", _bptt_parametros),
            _nombrada(
                "forward frente a nn.RNN + nn.Linear + softmax (float64)",
                _bptt_forward_torch,
            ),
            _nombrada("loss frente a F.cross_entropy (float64)", _bptt_loss),
            _nombrada(
                "backward frente a autograd de PyTorch (float64)", _bptt_backward_torch
            ),
            _nombrada("backward frente a diferencias finitas", _bptt_backward_numerico),
            _nombrada(
                "clip_gradients: norma global 5.0 y misma dirección", _bptt_recorte
            ),
            _nombrada("step: W ← W - lr · grad (SGD con recorte)", _bptt_paso),
            _nombrada(
                "entrada no válida: vectores planos (D,) en lugar de (D, 1)",
                _bptt_vector_plano,
            ),
            _nombrada(
                f"entrada no válida: clase y_true = {O} con O = {O} salidas",
                _bptt_clase_fuera,
            ),
        ),
    ),
    "celda_lstm": Tarea(
        "CeldaLSTM",
        "celda_lstm.py",
        (
            _nombrada("formas de los parámetros", _lstm_parametros),
            _nombrada("get_param_count()", _lstm_conteo),
            _nombrada("formas de forward_step", _lstm_paso_formas),
            _nombrada(
                "forward_sequence frente a nn.LSTM (float64)", _lstm_forward_torch
            ),
            _nombrada(
                "backward_sequence frente a autograd de PyTorch (float64)",
                _lstm_backward_torch,
            ),
            _nombrada(
                "backward_sequence frente a diferencias finitas",
                _lstm_backward_numerico,
            ),
            _nombrada(
                f"entrada no válida: x_t de dimensión {D + 1} con D = {D}",
                _lstm_dimension,
            ),
            _nombrada("entrada no válida: x_t con NaN", _lstm_nan),
        ),
    ),
    "celda_gru": Tarea(
        "CeldaGRU",
        "celda_gru.py",
        (
            _nombrada("formas de los parámetros", _gru_parametros),
            _nombrada("get_param_count()", _gru_conteo),
            _nombrada("formas de forward_step", _gru_paso_formas),
            _nombrada("forward_sequence frente a nn.GRU (float64)", _gru_forward_torch),
            _nombrada(
                "backward_sequence frente a autograd de PyTorch (float64)",
                _gru_backward_torch,
            ),
            _nombrada(
                "backward_sequence frente a diferencias finitas", _gru_backward_numerico
            ),
            _nombrada(
                f"entrada no válida: x_t de dimensión {D + 1} con D = {D}",
                _gru_dimension,
            ),
            _nombrada("entrada no válida: x_t con NaN", _gru_nan),
        ),
    ),
}


# --------------------------------------------------------------------------- ejecución
def _ejecutar_una(comprobacion, clase, ruta: Path) -> Resultado:
    nombre = comprobacion.nombre
    try:
        with (
            contextlib.redirect_stdout(io.StringIO()),
            np.errstate(all="ignore"),
        ):
            return comprobacion(clase)
    except _Fallo as exc:
        return Resultado(FALLO, nombre, mensaje=str(exc))
    except Exception as exc:  # el del estudiante puede lanzar cualquiera
        return Resultado(FALLO, nombre, mensaje=_describir_excepcion(exc, ruta))


def comprobar(tarea: str, archivo, *, clase=None, fallo=None) -> list[Resultado]:
    """Todas las comprobaciones de ``tarea`` sobre la clase de ``archivo``.

    Parameters
    ----------
    tarea : {"celda_rnn", "bptt", "celda_lstm", "celda_gru"}
    archivo : str o pathlib.Path
        El ``.py`` del estudiante.
    clase, fallo : opcionales
        Lo que ya devolvió :func:`cargar_clase` para este archivo (la línea de
        órdenes lo carga antes para distinguir los errores de uso); si no se
        dan, se carga aquí.

    Returns
    -------
    list of Resultado
        Uno por comprobación (o uno solo, ``✗``, si el archivo no se pudo
        ejecutar). Ninguna excepción del código del estudiante sale de aquí.

    Raises
    ------
    ErrorDeUso
        Tarea desconocida; archivo que no existe, es una carpeta o no es
        ``.py``; archivo sin la clase de la tarea.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> carpeta = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (carpeta / "mi_gru.py").write_text("from rnnbook import CeldaGRU\\n")
    >>> resultados = comprobar("celda_gru", carpeta / "mi_gru.py")
    >>> all(r.ok for r in resultados), len(resultados)
    (True, 8)
    """
    if tarea not in TAREAS:
        raise ErrorDeUso(
            f"tarea desconocida {tarea!r}; elige entre {', '.join(TAREAS)}"
        )
    definicion = TAREAS[tarea]
    ruta = _validar_archivo(archivo)
    if clase is None and fallo is None:
        clase, fallo = cargar_clase(ruta, definicion.clase)
    if fallo is not None:
        return [fallo]
    return [_ejecutar_una(c, clase, ruta) for c in definicion.comprobaciones]


def formatear(r: Resultado) -> str:
    """La línea de un resultado, p. ej. ``✓ forward … : error relativo 3.2e-16 ≤ 1e-10``.

    Examples
    --------
    >>> formatear(Resultado("ok", "forward", 3.2e-16, 1e-10, "peor: h_t"))
    '✓ forward: error relativo 3.2e-16 ≤ 1e-10 (peor: h_t)'
    >>> formatear(Resultado("fallo", "backward", 5e-3, 1e-6, "fallan: W_hh"))
    '✗ backward: error relativo 5.0e-03 > 1e-06 (fallan: W_hh)'
    """
    linea = f"{_SIMBOLO[r.estado]} {r.nombre}"
    if r.error is not None and r.tolerancia is not None:
        signo = "≤" if r.error <= r.tolerancia else ">"
        linea += f": error relativo {r.error:.1e} {signo} {r.tolerancia:.0e}"
        if r.mensaje:
            linea += f" ({r.mensaje})"
    elif r.mensaje:
        linea += f": {r.mensaje}"
    return linea


def resumen(resultados: list[Resultado]) -> str:
    """La línea final: cuántas comprobaciones se superan, fallan o avisan."""
    n = len(resultados)
    fallos = sum(r.estado == FALLO for r in resultados)
    avisos = sum(r.estado == AVISO for r in resultados)
    superadas = sum(r.estado == OK for r in resultados)
    texto = f"Resultado: {superadas} de {n} comprobaciones superadas"
    if fallos:
        texto += f", {fallos} fallida{'s' if fallos != 1 else ''}"
    if avisos:
        texto += f", {avisos} aviso{'s' if avisos != 1 else ''}"
    return texto + (". Todo correcto." if not fallos else ".")


def ejecutar(tarea: str, archivo, escribir=print, *, clase=None, fallo=None) -> int:
    """Comprueba, escribe una línea por comprobación y el resumen, y da el código de salida.

    Returns
    -------
    int
        0 si no hay ningún ``✗``; 1 si hay alguno. Los errores de uso no se
        capturan: :class:`ErrorDeUso` sale de aquí (la línea de órdenes la
        convierte en el código 2).
    """
    resultados = comprobar(tarea, archivo, clase=clase, fallo=fallo)
    escribir(
        f"Tolerancias (error relativo): forward {TOLERANCIA_FORWARD:.0e}, autograd "
        f"{TOLERANCIA_AUTOGRAD:.0e}, diferencias finitas {TOLERANCIA_DIF_FINITAS:.0e}"
    )
    for r in resultados:
        escribir(formatear(r))
    escribir(resumen(resultados))
    return 0 if all(r.ok for r in resultados) else 1
