"""Pruebas basadas en propiedades (hypothesis) de las celdas desde cero.

Dos familias de propiedades:

1. **Equivalencia con PyTorch.** Con tamaños, lotes, longitudes y pesos
   aleatorios (sesgos no nulos incluidos), :class:`~rnnbook.CeldaRNN`,
   :class:`~rnnbook.RNN_BPTT`, :class:`~rnnbook.CeldaLSTM` y
   :class:`~rnnbook.CeldaGRU` calculan en ``float64`` lo mismo que ``nn.RNN``,
   ``nn.LSTM`` y ``nn.GRU`` con los mismos pesos, y sus *backward* dan los
   gradientes de la autodiferenciación de PyTorch.
2. **Entradas inválidas.** Toda entrada errónea de la API pública (forma o
   número de dimensiones equivocados, valores no finitos, tipos que no son
   arrays, tamaños no positivos…) termina en un ``ValueError`` o un
   ``TypeError`` con mensaje en español: nunca en un error de NumPy o de
   PyTorch, ni en un aviso, ni en un éxito silencioso. Los arrays de enteros o
   booleanos no son entradas inválidas: el paquete los convierte a flotantes a
   propósito.

Al final, los casos concretos que estas pruebas encontraron dejando escapar un
error ajeno o aceptando en silencio una entrada imposible; se corrigieron en el
paquete y quedan como pruebas para que no vuelvan.

Todas las pruebas usan el perfil ``rnnbook-determinista`` (``derandomize=True``
y sin base de datos de ejemplos): cada ejecución prueba los mismos ejemplos.
"""

from __future__ import annotations

import copy
import math
import re
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from rnnbook import (
    RNN_BPTT,
    CeldaGRU,
    CeldaLSTM,
    CeldaRNN,
    crear_dataset_ventana,
    crear_tarea_long_range,
    error_relativo,
    generar_serie_sinusoide,
)
from rnnbook.desde_cero.rnn import NOMBRES_PARAMETROS
from rnnbook.desde_cero.verificacion import (
    copia_torch,
    forward_rnn_torch,
    gradientes_bptt_torch,
)

# --------------------------------------------------------------------------- perfil
settings.register_profile(
    "rnnbook-determinista",
    derandomize=True,  # ejemplos fijos: la misma prueba en cada construcción
    database=None,  # sin carpeta .hypothesis ni ejemplos recordados
    deadline=None,  # la primera llamada a PyTorch es lenta; no es un fallo
    print_blob=False,
)
DETERMINISTA = settings.get_profile("rnnbook-determinista")


def _ajustes(max_examples: int) -> settings:
    """El perfil determinista con ``max_examples`` propio (sin cargarlo globalmente)."""
    return settings(DETERMINISTA, max_examples=max_examples)


# Tolerancias (relativa y absoluta) frente a PyTorch en float64.
TOL_FORWARD = 1e-10
TOL_GRADIENTE = 1e-9

DIM = st.integers(1, 6)  # D y H
SALIDAS = st.integers(1, 4)  # O
LOTE = st.integers(1, 4)  # N
PASOS = st.integers(1, 6)  # T
SEMILLAS = st.integers(0, 2**32 - 1)
ORIGENES = st.sampled_from(["numpy", "torch"])  # de dónde salen los pesos


# =========================================================================== 1. equivalencia
def _a_numpy(x) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        x = x.detach().numpy()
    return np.asarray(x, dtype=np.float64)


def _cerca(nuestro, referencia, tol: float, que: str) -> None:
    """``nuestro`` y ``referencia`` coinciden en forma y dentro de ``tol`` (relativa y absoluta)."""
    nuestro, referencia = _a_numpy(nuestro), _a_numpy(referencia)
    assert nuestro.shape == referencia.shape, (
        f"{que}: forma {nuestro.shape}, PyTorch da {referencia.shape}"
    )
    np.testing.assert_allclose(
        nuestro,
        referencia,
        rtol=tol,
        atol=tol,
        err_msg=f"{que}: error relativo máximo {error_relativo(nuestro, referencia):.2e}",
    )


def _no_nulos(gen: np.random.Generator, forma) -> np.ndarray:
    """Valores con |v| en [0.1, 0.9] y signo al azar: sesgos claramente distintos de cero."""
    return gen.uniform(0.1, 0.9, size=forma) * gen.choice([-1.0, 1.0], size=forma)


def _rnn_aleatoria(celda: CeldaRNN, gen: np.random.Generator) -> CeldaRNN:
    """Pesos gaussianos de tamaño apreciable y sesgos ``b_h``, ``b_y`` no nulos."""
    for nombre, p in celda.parametros().items():
        valor = (
            _no_nulos(gen, p.shape)
            if nombre.startswith("b_")
            else gen.normal(0.0, 0.7, size=p.shape)
        )
        setattr(celda, nombre, valor)
    return celda


@_ajustes(30)
@given(
    D=DIM,
    H=DIM,
    O=SALIDAS,
    N=LOTE,
    T=PASOS,
    semilla=SEMILLAS,
    como_lista=st.booleans(),
)
def test_celda_rnn_igual_que_nn_rnn(D, H, O, N, T, semilla, como_lista):
    """``CeldaRNN``: estados, salidas y todos los gradientes iguales que ``nn.RNN`` + ``nn.Linear``."""
    gen = np.random.default_rng(semilla)
    celda = _rnn_aleatoria(CeldaRNN(D, H, O, semilla=semilla), gen)
    X = gen.normal(size=(T, D, N))  # (T, D, N)
    h0 = gen.normal(size=(H, N))  # estado inicial no nulo
    entrada = list(X) if como_lista else X  # la lista de la guía o el ndarray

    estados, salidas = celda.forward_sequence(entrada, h0)
    estados_pt, salidas_pt = forward_rnn_torch(celda, entrada, h0)
    _cerca(estados, estados_pt, TOL_FORWARD, "estados h_1..h_T")
    _cerca(salidas, salidas_pt, TOL_FORWARD, "salidas y_1..y_T")

    # Backward con un gradiente de arriba aleatorio en cada salida y en h_T.
    dY = gen.normal(size=(T, O, N))
    dh_T = gen.normal(size=(H, N))
    grads, dX, dh0 = celda.backward_sequence(list(dY), dh_T)

    rnn, lineal = copia_torch(celda)
    Xt = torch.from_numpy(X.transpose(0, 2, 1).copy()).requires_grad_(True)  # (T, N, D)
    h0t = torch.from_numpy(h0.T.copy())[None].requires_grad_(True)  # (1, N, H)
    estados_t, h_T = rnn(Xt, h0t)
    perdida = (
        lineal(estados_t) * torch.from_numpy(dY.transpose(0, 2, 1).copy())
    ).sum() + (h_T[0] * torch.from_numpy(dh_T.T.copy())).sum()
    perdida.backward()
    referencia = {
        "W_xh": rnn.weight_ih_l0.grad,
        "W_hh": rnn.weight_hh_l0.grad,
        "b_h": rnn.bias_ih_l0.grad[:, None],  # nn.RNN suma bias_ih y bias_hh (= 0)
        "W_hy": lineal.weight.grad,
        "b_y": lineal.bias.grad[:, None],
    }
    for nombre in NOMBRES_PARAMETROS:
        _cerca(grads[nombre], referencia[nombre], TOL_GRADIENTE, f"dL/d{nombre}")
    _cerca(np.stack(dX), Xt.grad.numpy().transpose(0, 2, 1), TOL_GRADIENTE, "dL/dX")
    _cerca(dh0, h0t.grad[0].numpy().T, TOL_GRADIENTE, "dL/dh0")


@_ajustes(30)
@given(
    D=DIM,
    H=DIM,
    O=SALIDAS,
    N=LOTE,
    T=PASOS,
    semilla=SEMILLAS,
    lr=st.floats(1e-3, 1.0),
    etiqueta_entera=st.booleans(),
)
def test_rnn_bptt_igual_que_pytorch(D, H, O, N, T, semilla, lr, etiqueta_entera):
    """``RNN_BPTT``: softmax, entropía cruzada, BPTT y un paso de SGD iguales que en PyTorch."""
    gen = np.random.default_rng(semilla)
    modelo = _rnn_aleatoria(
        RNN_BPTT(D, H, O, lr=lr, semilla=semilla, max_norm=None), gen
    )
    X = gen.normal(size=(T, D, N))
    clases = gen.integers(0, O, size=N)
    # Con N = 1 la guía da la clase como un entero; también se admite el array.
    y = int(clases[0]) if N == 1 and etiqueta_entera else clases

    estados, A, y_pred = modelo.forward(X)
    rnn, lineal = copia_torch(modelo)
    logits = lineal(rnn(torch.from_numpy(X.transpose(0, 2, 1).copy()))[0][-1])  # (N, O)
    perdida_pt = nn.functional.cross_entropy(logits, torch.from_numpy(clases))
    _cerca(y_pred, torch.softmax(logits, dim=1).T, TOL_FORWARD, "probabilidades")
    _cerca(modelo.loss(y_pred, y), perdida_pt, TOL_FORWARD, "pérdida")

    grads = modelo.backward(X, estados, A, y_pred, y)
    referencia = gradientes_bptt_torch(modelo, X, y)
    for nombre in NOMBRES_PARAMETROS:
        _cerca(grads[nombre], referencia[nombre], TOL_GRADIENTE, f"dL/d{nombre}")

    # Un paso sin recorte (max_norm=None) es w ← w − lr·∇w con el gradiente de PyTorch.
    antes = {k: v.copy() for k, v in modelo.parametros().items()}
    perdida, _ = modelo.step(X, y)
    _cerca(perdida, perdida_pt, TOL_FORWARD, "pérdida de step")
    for nombre in NOMBRES_PARAMETROS:
        esperado = antes[nombre] - lr * referencia[nombre]
        _cerca(getattr(modelo, nombre), esperado, TOL_GRADIENTE, f"{nombre} tras step")


def _capa_torch(celda_torch, clase_capa):
    """Un ``nn.LSTM``/``nn.GRU`` (una capa, ``batch_first``) con los pesos de ``celda_torch``."""
    capa = clase_capa(
        celda_torch.input_size, celda_torch.hidden_size, batch_first=True
    ).double()
    with torch.no_grad():
        for nombre in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(capa, f"{nombre}_l0").copy_(getattr(celda_torch, nombre))
    return capa


def _pareja(clase, clase_capa, D, H, gen, origen):
    """Celda de NumPy y capa de PyTorch con los mismos pesos aleatorios y sesgos no nulos.

    Con ``origen="numpy"`` los pesos se sortean en la celda y pasan a PyTorch
    con ``a_torch``; con ``origen="torch"`` se sortean en la capa (los dos
    sesgos no nulos) y pasan a la celda con ``desde_torch``.
    """
    if origen == "numpy":
        celda = clase(D, H, semilla=0)
        for nombre, p in celda.parametros().items():
            p[...] = (
                _no_nulos(gen, p.shape)
                if nombre.startswith("b")
                else gen.normal(0.0, 0.7, size=p.shape)
            )
        return celda, _capa_torch(celda.a_torch(), clase_capa)
    capa = clase_capa(D, H, batch_first=True).double()
    with torch.no_grad():
        for nombre, p in capa.named_parameters():
            valor = (
                _no_nulos(gen, tuple(p.shape))
                if nombre.startswith("bias")
                else gen.normal(0.0, 0.7, size=tuple(p.shape))
            )
            p.copy_(torch.from_numpy(valor))
    return clase.desde_torch(capa), capa


def _gradientes_como_celda(clase, capa):
    """Los gradientes de ``capa`` en la disposición de ``clase``, traducidos por ``desde_torch``.

    La traducción de pesos de PyTorch a la celda es lineal (reordenar las
    puertas, concatenar y, en la LSTM, sumar los dos sesgos), así que aplicada a
    los gradientes da los gradientes en la disposición de la celda. En la LSTM
    los dos sesgos reciben el mismo gradiente y la celda tiene uno solo: se
    traduce ``bias_ih`` y ``bias_hh`` se pone a cero.
    """
    copia = copy.deepcopy(capa)
    with torch.no_grad():
        for nombre, p in copia.named_parameters():
            p.copy_(getattr(capa, nombre).grad)
        if clase is CeldaLSTM:
            copia.bias_hh_l0.zero_()
    return clase.desde_torch(copia)


@_ajustes(30)
@given(D=DIM, H=DIM, N=LOTE, T=PASOS, semilla=SEMILLAS, origen=ORIGENES)
def test_celda_lstm_igual_que_nn_lstm(D, H, N, T, semilla, origen):
    """``CeldaLSTM``: camino rápido y paso a paso iguales que ``nn.LSTM``, *forward* y gradientes."""
    gen = np.random.default_rng(semilla)
    celda, capa = _pareja(CeldaLSTM, nn.LSTM, D, H, gen, origen)
    X = gen.normal(size=(N, T, D))
    h0, C0 = gen.normal(size=(N, H)), gen.normal(size=(N, H))
    G = gen.normal(size=(N, T, H))  # gradiente de arriba en cada h_t
    dh_T, dC_T = gen.normal(size=(N, H)), gen.normal(size=(N, H))

    Xt, h0t, C0t = (
        torch.from_numpy(a).requires_grad_(True) for a in (X, h0[None], C0[None])
    )
    salida, (h_T, C_T) = capa(Xt, (h0t, C0t))
    (
        (salida * torch.from_numpy(G)).sum()
        + (h_T[0] * torch.from_numpy(dh_T)).sum()
        + (C_T[0] * torch.from_numpy(dC_T)).sum()
    ).backward()
    referencia = _gradientes_como_celda(CeldaLSTM, capa)

    H_rapido, cache = celda.forward(X, h0, C0)
    estados_h, estados_C, caches = celda.forward_sequence(X, h0, C0)
    _cerca(H_rapido, salida, TOL_FORWARD, "forward: h_1..h_T")
    _cerca(np.stack(estados_h[1:], axis=1), salida, TOL_FORWARD, "forward_sequence: h")
    _cerca(estados_C[-1], C_T[0], TOL_FORWARD, "forward_sequence: C_T")
    # Sin lote: la secuencia (T, D) de la guía con estados (H,).
    h_solo, C_solo, _ = celda.forward_sequence(X[0], h0[0], C0[0])
    _cerca(np.stack(h_solo[1:]), salida[0], TOL_FORWARD, "sin lote: h")
    _cerca(C_solo[-1], C_T[0, 0], TOL_FORWARD, "sin lote: C_T")

    for camino, grads in (
        ("backward", celda.backward(G, cache, dh_T=dh_T, dC_T=dC_T)),
        ("backward_sequence", celda.backward_sequence(G, caches, dh_T, dC_T)),
    ):
        _cerca(grads["X"], Xt.grad, TOL_GRADIENTE, f"{camino}: dL/dX")
        _cerca(grads["h0"], h0t.grad[0], TOL_GRADIENTE, f"{camino}: dL/dh0")
        _cerca(grads["C0"], C0t.grad[0], TOL_GRADIENTE, f"{camino}: dL/dC0")
        _cerca(grads["W"], referencia.W, TOL_GRADIENTE, f"{camino}: dL/dW")
        _cerca(grads["b"], referencia.b, TOL_GRADIENTE, f"{camino}: dL/db")


@_ajustes(30)
@given(D=DIM, H=DIM, N=LOTE, T=PASOS, semilla=SEMILLAS, origen=ORIGENES)
def test_celda_gru_igual_que_nn_gru(D, H, N, T, semilla, origen):
    """``CeldaGRU``: estados y gradientes (los dos sesgos por separado) iguales que ``nn.GRU``."""
    gen = np.random.default_rng(semilla)
    celda, capa = _pareja(CeldaGRU, nn.GRU, D, H, gen, origen)
    X = gen.normal(size=(N, T, D))
    h0 = gen.normal(size=(N, H))
    G, dh_T = gen.normal(size=(N, T, H)), gen.normal(size=(N, H))

    Xt = torch.from_numpy(X).requires_grad_(True)
    h0t = torch.from_numpy(h0[None]).requires_grad_(True)
    salida, h_T = capa(Xt, h0t)
    (
        (salida * torch.from_numpy(G)).sum() + (h_T[0] * torch.from_numpy(dh_T)).sum()
    ).backward()
    referencia = _gradientes_como_celda(CeldaGRU, capa)

    estados, caches = celda.forward_sequence(X, h0)
    _cerca(np.stack(estados[1:], axis=1), salida, TOL_FORWARD, "h_1..h_T")
    estados_solo, _ = celda.forward_sequence(X[0], h0[0])  # sin lote
    _cerca(np.stack(estados_solo[1:]), salida[0], TOL_FORWARD, "sin lote: h")

    grads = celda.backward_sequence(G, caches, dh_T=dh_T)
    _cerca(grads["X"], Xt.grad, TOL_GRADIENTE, "dL/dX")
    _cerca(grads["h0"], h0t.grad[0], TOL_GRADIENTE, "dL/dh0")
    for nombre, valor in referencia.parametros().items():
        _cerca(grads[nombre], valor, TOL_GRADIENTE, f"dL/d{nombre}")


# =========================================================================== 2. entradas inválidas
#: Palabras de los mensajes del paquete (véase ``rnnbook/validacion.py``).
MENSAJE_EN_ESPANOL = re.compile(
    r"\b(debe|se recibió|forma|esperaba|vacía|no finitos|se necesitan|no se puede)\b"
)


def _exige_error_en_espanol(llamada, *args, **kwargs) -> None:
    """La llamada lanza ``ValueError`` o ``TypeError`` con un mensaje del paquete.

    Falla si la llamada termina sin error (éxito silencioso), si se escapa otra
    excepción (``IndexError``, ``RuntimeError`` de PyTorch, ``OverflowError``…),
    si el mensaje es el de NumPy o Python (en inglés) o si se emite un aviso:
    dentro, los avisos son errores.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            resultado = llamada(*args, **kwargs)
        except (ValueError, TypeError) as exc:
            mensaje = str(exc)
            assert MENSAJE_EN_ESPANOL.search(mensaje), (
                f"{type(exc).__name__} que no viene del paquete: {mensaje!r}"
            )
            return
        except Exception as exc:
            pytest.fail(f"se escapó {type(exc).__name__}: {exc}")
    pytest.fail(
        f"la entrada inválida se aceptó en silencio; devolvió {type(resultado).__name__}"
    )


def _array(forma) -> np.ndarray:
    """Un array float64 de la forma dada, con valores finitos y no nulos."""
    n = math.prod(forma)
    return ((np.arange(n, dtype=np.float64) % 7) - 3.0).reshape(forma) * 0.25 + 0.1


def _solo(valida):
    """Predicado «la forma es exactamente ``valida``»."""
    valida = tuple(valida)

    def es_valida(forma) -> bool:
        return forma == valida

    return es_valida


NO_FINITOS = st.sampled_from([math.nan, math.inf, -math.inf])

NO_NUMERICOS_ESCALARES = st.one_of(  # None aparte: a veces es el valor por defecto
    st.text(max_size=4),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.builds(object),
    st.sets(st.integers(0, 9), max_size=2),
)
LISTAS_NO_NUMERICAS = st.one_of(
    st.lists(st.text(min_size=1, max_size=3), min_size=1, max_size=3),
    st.lists(st.none(), min_size=1, max_size=3),
    st.just([[1.0, 2.0], [3.0]]),  # lista irregular
)
COMPLEJOS = st.lists(
    st.complex_numbers(max_magnitude=10, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=4,
).map(np.array)
NO_NUMERICOS = st.one_of(
    NO_NUMERICOS_ESCALARES, st.none(), LISTAS_NO_NUMERICAS, COMPLEJOS
)
# Para los estados iniciales opcionales, donde None es el valor por defecto.
NO_NUMERICOS_NI_NONE = st.one_of(NO_NUMERICOS_ESCALARES, LISTAS_NO_NUMERICAS, COMPLEJOS)

TAMANOS_MALOS = st.one_of(
    st.integers(max_value=0),
    st.integers(-5, 0).map(np.int64),
    st.booleans(),
    st.floats(),  # 3.0 tampoco vale: un tamaño es un entero
    st.integers(1, 6).map(float),
    st.fractions(),
    st.integers(1, 6).map(np.array),  # array 0-d
    st.text(max_size=3),
    st.none(),
    st.lists(st.integers(1, 3), min_size=1, max_size=2),
    st.complex_numbers(),
)
# Reales que deben ser finitos y > 0 (un entero que no cabe en un float tampoco).
REALES_POSITIVOS_MALOS = st.one_of(
    st.integers(min_value=10**309, max_value=10**400),
    st.floats(max_value=0.0),
    st.floats(max_value=0.0).map(np.float64),
    st.integers(-(10**6), 0),
    st.fractions(max_value=0),
    NO_FINITOS,
    NO_FINITOS.map(np.float64),
    st.booleans(),
    st.text(max_size=3),
    st.complex_numbers(),
    st.lists(st.floats(0.1, 1.0), min_size=1, max_size=2),
)
# Reales que deben ser finitos y >= 0.
REALES_NO_NEGATIVOS_MALOS = st.one_of(
    st.floats(max_value=-5e-324),  # negativos (el menor subnormal incluido)
    st.integers(-(10**6), -1),
    NO_FINITOS,
    st.booleans(),
    st.text(max_size=3),
    st.none(),
    st.complex_numbers(),
)
# Semillas inválidas (enteros >= 0 y, en las celdas, None son válidos).
SEMILLAS_MALAS = st.one_of(
    st.integers(max_value=-1),
    st.booleans(),
    st.floats(),
    st.integers(0, 5).map(float),
    st.text(max_size=3),
    st.lists(st.integers(0, 3), min_size=1, max_size=2),
)
NO_BOOLEANOS = st.one_of(
    st.integers(),
    st.none(),
    st.text(max_size=3),
    st.floats(),
    st.sampled_from([np.True_, np.False_]),
)
DTYPES_MALOS = st.one_of(
    st.sampled_from(
        [
            np.int32,
            np.int64,
            np.float16,
            np.complex128,
            np.bool_,
            bool,
            int,
            object,
            "int8",
            "f2",
            "hola",
            "f8,f8",
            np.dtype(">f8"),
        ]
    ),
    st.integers(),
    st.floats(),
)
INICIALIZACIONES_MALAS = st.one_of(
    st.text(max_size=10).filter(lambda s: s not in ("gaussiana", "ortogonal")),
    st.sampled_from(["Gaussiana", "ORTOGONAL", "gaussiana ", "xavier"]),
    st.none(),
    st.integers(),
    st.just(["gaussiana"]),
)
SESGOS_MALOS = st.one_of(
    NO_FINITOS,
    NO_FINITOS.map(np.float64),
    st.booleans(),
    st.text(max_size=3),
    st.none(),
    st.complex_numbers(),
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=2),
)


@st.composite
def formas_erroneas(draw, valida, es_valida=None):
    """Formas que ``es_valida`` rechaza: cerca de ``valida`` (un eje cambiado, quitado,
    añadido, los ejes al revés) o al azar."""
    valida = tuple(valida)
    es_valida = es_valida or _solo(valida)
    opcion = draw(st.integers(0, 4))
    if opcion == 0 and valida:  # un eje de otro tamaño
        eje = draw(st.integers(0, len(valida) - 1))
        nuevo = draw(st.integers(0, 8).filter(lambda n: n != valida[eje]))
        forma = valida[:eje] + (nuevo,) + valida[eje + 1 :]
    elif opcion == 1 and valida:  # un eje de menos
        eje = draw(st.integers(0, len(valida) - 1))
        forma = valida[:eje] + valida[eje + 1 :]
    elif opcion == 2:  # un eje de más
        eje = draw(st.integers(0, len(valida)))
        forma = valida[:eje] + (draw(st.integers(1, 3)),) + valida[eje:]
    elif opcion == 3:  # traspuesta: (N, D) en vez de (D, N)
        forma = valida[::-1]
    else:
        forma = tuple(draw(st.lists(st.integers(0, 6), max_size=4)))
    if es_valida(forma):  # p. ej. (3, 3) traspuesta sigue siendo (3, 3)
        forma = valida + (1, 1, 1)  # tres ejes de más: nunca es válido
    assert not es_valida(forma)
    return forma


def _array_o_lista(forma):
    """El array de esa forma, como ``ndarray`` o como listas anidadas."""
    return st.sampled_from([_array(forma), _array(forma).tolist()])


@st.composite
def con_no_finito(draw, forma):
    """Un array de forma válida con un NaN o un infinito en un lugar al azar."""
    arr = _array(forma)
    arr.flat[draw(st.integers(0, arr.size - 1))] = draw(NO_FINITOS)
    return arr.tolist() if draw(st.booleans()) else arr


@st.composite
def array_malo(draw, valida, es_valida=None, *, no_numericos=NO_NUMERICOS):
    """Un valor inválido para un argumento array de forma ``valida``.

    Los tres tipos de error (forma, valor no finito, tipo) salen con la misma
    probabilidad: ``st.one_of`` aplanaría las muchas ramas de ``no_numericos``.
    """
    caso = draw(st.sampled_from(["forma", "no_finito", "tipo"]))
    if caso == "forma":
        return draw(formas_erroneas(valida, es_valida).flatmap(_array_o_lista))
    if caso == "no_finito":
        return draw(con_no_finito(tuple(valida)))
    return draw(no_numericos)


# --------------------------------------------------------------- constructores
CONSTRUCTORES = {
    "CeldaRNN": (
        CeldaRNN,
        {"input_size": 3, "hidden_size": 4, "output_size": 2},
        {
            "input_size": TAMANOS_MALOS,
            "hidden_size": TAMANOS_MALOS,
            "output_size": TAMANOS_MALOS,
            "semilla": SEMILLAS_MALAS,
            "escala": REALES_POSITIVOS_MALOS,
        },
    ),
    "RNN_BPTT": (
        RNN_BPTT,
        {"input_size": 3, "hidden_size": 4, "output_size": 2},
        {
            "input_size": TAMANOS_MALOS,
            "hidden_size": TAMANOS_MALOS,
            "output_size": TAMANOS_MALOS,
            "lr": st.one_of(REALES_POSITIVOS_MALOS, st.none()),
            "semilla": SEMILLAS_MALAS,
            "escala": REALES_POSITIVOS_MALOS,
            "max_norm": REALES_POSITIVOS_MALOS,
            "verbose": NO_BOOLEANOS,
        },
    ),
    "CeldaLSTM": (
        CeldaLSTM,
        {"input_size": 3, "hidden_size": 4},
        {
            "input_size": TAMANOS_MALOS,
            "hidden_size": TAMANOS_MALOS,
            "semilla": SEMILLAS_MALAS,
            "inicializacion": INICIALIZACIONES_MALAS,
            "sesgo_olvido": SESGOS_MALOS,
            "dtype": DTYPES_MALOS,
        },
    ),
    "CeldaGRU": (
        CeldaGRU,
        {"input_size": 3, "hidden_size": 4},
        {
            "input_size": TAMANOS_MALOS,
            "hidden_size": TAMANOS_MALOS,
            "semilla": SEMILLAS_MALAS,
            "dtype": DTYPES_MALOS,
        },
    ),
}


def _un_argumento_malo(malos: dict):
    """Estrategia de pares (nombre, valor inválido) de un solo argumento."""
    return st.one_of(
        [st.tuples(st.just(nombre), malo) for nombre, malo in malos.items()]
    )


@pytest.mark.parametrize("nombre", sorted(CONSTRUCTORES))
@_ajustes(100)
@given(datos=st.data())
def test_constructores_rechazan_argumentos_invalidos(nombre, datos):
    """Tamaños no enteros o no positivos, semillas, escalas, dtypes… inválidos: error en español."""
    clase, validos, malos = CONSTRUCTORES[nombre]
    argumento, valor = datos.draw(_un_argumento_malo(malos), label="argumento")
    _exige_error_en_espanol(clase, **{**validos, argumento: valor})


# --------------------------------------------------------------- la RNN (columnas)
@_ajustes(100)
@given(datos=st.data(), D=DIM, H=DIM, O=SALIDAS, N=LOTE)
def test_celda_rnn_forward_step_rechaza_entradas_invalidas(datos, D, H, O, N):
    """``forward_step(x_t, h_prev)`` con x_t (D, N) y h_prev (H, N): cualquier otra cosa falla."""
    celda = CeldaRNN(D, H, O, semilla=0)
    args = {"x_t": _array((D, N)), "h_prev": _array((H, N))}
    nombre = datos.draw(st.sampled_from(sorted(args)), label="argumento")
    args[nombre] = datos.draw(array_malo(args[nombre].shape), label=nombre)
    _exige_error_en_espanol(celda.forward_step, **args)


@st.composite
def secuencias_rnn_malas(draw, D, N, T):
    """Secuencias inválidas para la RNN: lista de T arrays (D, N) o ndarray (T, D, N)."""

    def ndarray_valido(forma):
        return len(forma) == 3 and forma[0] >= 1 and forma[1] == D and forma[2] >= 1

    # Si T = 1, el único paso fija N: cualquier (D, M) con M >= 1 es válido.
    def paso_valido(forma):
        if T == 1:
            return len(forma) == 2 and forma[0] == D and forma[1] >= 1
        return forma == (D, N)

    caso = draw(st.sampled_from(["ndarray", "no_finito", "un_paso", "vacia", "tipo"]))
    if caso == "ndarray":
        return draw(formas_erroneas((T, D, N), ndarray_valido).flatmap(_array_o_lista))
    if caso == "no_finito":
        return draw(con_no_finito((T, D, N)))
    if caso == "un_paso":
        pasos = list(_array((T, D, N)))
        t = draw(st.integers(0, T - 1))
        pasos[t] = draw(array_malo((D, N), paso_valido))
        return pasos
    if caso == "vacia":
        return draw(st.sampled_from([[], (), np.empty((0, D, N))]))
    return draw(st.one_of(NO_NUMERICOS, st.integers(), st.floats()))


@_ajustes(100)
@given(datos=st.data(), D=DIM, H=DIM, O=SALIDAS, N=LOTE, T=PASOS)
def test_celda_rnn_forward_sequence_rechaza_entradas_invalidas(datos, D, H, O, N, T):
    """``forward_sequence(X, h0)``: pasos de forma errónea, secuencias vacías, h0 que no encaja."""
    celda = CeldaRNN(D, H, O, semilla=0)
    X, h0 = _array((T, D, N)), _array((H, N))
    if datos.draw(st.booleans(), label="¿corromper h0?"):
        h0 = datos.draw(
            array_malo((H, N), no_numericos=NO_NUMERICOS_NI_NONE), label="h0"
        )
    else:
        X = datos.draw(secuencias_rnn_malas(D, N, T), label="X")
    _exige_error_en_espanol(celda.forward_sequence, X, h0)


@st.composite
def clases_malas(draw, O, N):
    """Etiquetas inválidas para N secuencias y O clases."""
    return draw(
        st.one_of(
            # un entero: fuera de rango, o válido pero con un lote de N > 1
            st.integers().filter(lambda c: N > 1 or not 0 <= c < O),
            st.integers(-(2**63), 2**63 - 1)
            .filter(lambda c: N > 1 or not 0 <= c < O)
            .map(np.int64),
            # N clases con alguna fuera de [0, O)
            st.lists(st.integers(-3, O + 3), min_size=N, max_size=N).filter(
                lambda cs: any(not 0 <= c < O for c in cs)
            ),
            # longitud distinta de N
            st.lists(st.integers(0, O - 1), max_size=6).filter(lambda cs: len(cs) != N),
            # forma (N, 1) en vez de (N,)
            st.lists(st.integers(0, O - 1), min_size=N, max_size=N).map(
                lambda cs: np.array(cs)[:, None]
            ),
            # tipos que no son índices enteros
            st.floats(),
            st.booleans(),
            st.text(max_size=3),
            st.none(),
            st.lists(st.floats(), min_size=N, max_size=N),
            st.lists(st.booleans(), min_size=N, max_size=N),
        )
    )


@_ajustes(100)
@given(datos=st.data(), D=DIM, H=DIM, O=SALIDAS, N=LOTE, T=PASOS)
def test_rnn_bptt_forward_y_step_rechazan_entradas_invalidas(datos, D, H, O, N, T):
    """``RNN_BPTT.forward(X)`` y ``step(X, y_true)`` con secuencias o clases inválidas."""
    modelo = RNN_BPTT(D, H, O, semilla=0)
    X, y = _array((T, D, N)), np.arange(N) % O
    caso = datos.draw(st.sampled_from(["forward X", "step X", "step y_true"]))
    if caso == "step y_true":
        y = datos.draw(clases_malas(O, N), label="y_true")
    else:
        X = datos.draw(secuencias_rnn_malas(D, N, T), label="X")
    if caso == "forward X":
        _exige_error_en_espanol(modelo.forward, X)
    else:
        _exige_error_en_espanol(modelo.step, X, y)


# --------------------------------------------------------------- LSTM y GRU (filas)
CELDAS_FILAS = pytest.mark.parametrize(
    "clase", [CeldaLSTM, CeldaGRU], ids=["CeldaLSTM", "CeldaGRU"]
)
DTYPES = st.sampled_from([np.float64, np.float32])


def _estados(clase, forma) -> dict:
    """Los estados iniciales de la celda: h (y C en la LSTM)."""
    nombres = ("h", "C") if clase is CeldaLSTM else ("h",)
    return {nombre: _array(forma) for nombre in nombres}


@CELDAS_FILAS
@_ajustes(100)
@given(datos=st.data(), D=DIM, H=DIM, N=st.none() | LOTE, dtype=DTYPES)
def test_forward_step_lstm_gru_rechaza_entradas_invalidas(clase, datos, D, H, N, dtype):
    """``forward_step``: x_t (D,) o (N, D) y estados (H,) o (N, H) a juego; lo demás falla."""
    celda = clase(D, H, semilla=0, dtype=dtype)
    lote = () if N is None else (N,)
    args = {"x_t": _array((*lote, D))}
    args.update({f"{k}_prev": v for k, v in _estados(clase, (*lote, H)).items()})
    nombre = datos.draw(st.sampled_from(sorted(args)), label="argumento")
    args[nombre] = datos.draw(array_malo(args[nombre].shape), label=nombre)
    _exige_error_en_espanol(celda.forward_step, **args)


@st.composite
def secuencias_filas_malas(draw, D, valida, con_estados, *, solo_lotes=False):
    """Secuencias inválidas para la LSTM/GRU: (T, D) o (N, T, D), con o sin estados dados.

    Con ``solo_lotes`` (el ``forward`` rápido) solo vale (N, T, D).
    """
    valida = tuple(valida)
    dimensiones = (3,) if solo_lotes else (2, 3)

    def es_valida(forma):
        if con_estados:  # los estados fijan si hay lote y su tamaño
            return (
                len(forma) == len(valida)
                and forma[:-2] == valida[:-2]
                and forma[-2] >= 1
                and forma[-1] == D
            )
        return len(forma) in dimensiones and forma[-2] >= 1 and forma[-1] == D

    caso = draw(st.sampled_from(["forma", "no_finito", "vacia", "tipo"]))
    if caso == "forma":
        return draw(formas_erroneas(valida, es_valida).flatmap(_array_o_lista))
    if caso == "no_finito":
        return draw(con_no_finito(valida))
    if caso == "vacia":
        return draw(st.sampled_from([[], ()]))
    return draw(NO_NUMERICOS)


@CELDAS_FILAS
@_ajustes(100)
@given(datos=st.data(), D=DIM, H=DIM, N=st.none() | LOTE, T=PASOS, dtype=DTYPES)
def test_forward_sequence_lstm_gru_rechaza_entradas_invalidas(
    clase, datos, D, H, N, T, dtype
):
    """``forward_sequence(X, h0[, C0])`` con X o estados inválidos."""
    celda = clase(D, H, semilla=0, dtype=dtype)
    lote = () if N is None else (N,)
    X = _array((*lote, T, D))
    estados = {f"{k}0": v for k, v in _estados(clase, (*lote, H)).items()}
    nombre = datos.draw(st.sampled_from(["X", *sorted(estados)]), label="argumento")
    if nombre == "X":
        if not datos.draw(st.booleans(), label="¿con estados?"):
            estados = {}
        X = datos.draw(secuencias_filas_malas(D, X.shape, bool(estados)), label="X")
    else:
        estados[nombre] = datos.draw(
            array_malo((*lote, H), no_numericos=NO_NUMERICOS_NI_NONE), label=nombre
        )
    _exige_error_en_espanol(celda.forward_sequence, X, **estados)


@_ajustes(100)
@given(datos=st.data(), D=DIM, H=DIM, N=LOTE, T=PASOS, dtype=DTYPES)
def test_forward_rapido_lstm_rechaza_entradas_invalidas(datos, D, H, N, T, dtype):
    """``CeldaLSTM.forward`` solo admite lotes (N, T, D), con h0 y C0 (N, H)."""
    celda = CeldaLSTM(D, H, semilla=0, dtype=dtype)
    X = _array((N, T, D))
    estados = {"h0": _array((N, H)), "C0": _array((N, H))}
    nombre = datos.draw(st.sampled_from(["X", "h0", "C0"]), label="argumento")
    if nombre == "X":
        if not datos.draw(st.booleans(), label="¿con estados?"):
            estados = {}
        X = datos.draw(
            secuencias_filas_malas(D, X.shape, bool(estados), solo_lotes=True),
            label="X",
        )
    else:
        estados[nombre] = datos.draw(
            array_malo((N, H), no_numericos=NO_NUMERICOS_NI_NONE), label=nombre
        )
    _exige_error_en_espanol(celda.forward, X, **estados)


# --------------------------------------------------------------- constructores de datos
@st.composite
def argumentos_long_range_malos(draw):
    seq_len = draw(st.integers(1, 8))
    validos = {"n": 4, "seq_len": seq_len, "gap": None, "semilla": 0, "ruido": 0.3}
    argumento, valor = draw(
        _un_argumento_malo(
            {
                "n": TAMANOS_MALOS,
                "seq_len": TAMANOS_MALOS,
                "gap": st.one_of(
                    st.integers(min_value=seq_len),  # gap > seq_len - 1
                    st.integers(max_value=-1),
                    st.floats(),
                    st.booleans(),
                    st.text(max_size=3),
                ),
                "semilla": st.one_of(SEMILLAS_MALAS, st.none()),
                "ruido": st.one_of(REALES_POSITIVOS_MALOS, st.none()),
            }
        )
    )
    return {**validos, argumento: valor}


@_ajustes(100)
@given(argumentos=argumentos_long_range_malos())
def test_crear_tarea_long_range_rechaza_argumentos_invalidos(argumentos):
    """``crear_tarea_long_range(n, seq_len, gap)``: tamaños, gap fuera de [0, T-1], ruido."""
    _exige_error_en_espanol(crear_tarea_long_range, **argumentos)


@_ajustes(100)
@given(
    caso=_un_argumento_malo(
        {
            "n": st.one_of(TAMANOS_MALOS, st.just(1)),  # hace falta n >= 2
            "freq": st.one_of(REALES_POSITIVOS_MALOS, st.none()),
            "ruido": REALES_NO_NEGATIVOS_MALOS,
            "seed": st.one_of(SEMILLAS_MALAS, st.none()),
        }
    )
)
def test_generar_serie_sinusoide_rechaza_argumentos_invalidos(caso):
    """``generar_serie_sinusoide``: n < 2, frecuencia no positiva, ruido negativo, semilla."""
    argumento, valor = caso
    validos = {"n": 8, "freq": 0.05, "ruido": 0.1, "seed": 0}
    _exige_error_en_espanol(generar_serie_sinusoide, **{**validos, argumento: valor})


@_ajustes(100)
@given(
    datos=st.data(),
    ventana=st.integers(1, 4),
    horizonte=st.integers(1, 4),
    sobra=st.integers(0, 3),
)
def test_crear_dataset_ventana_rechaza_argumentos_invalidos(
    datos, ventana, horizonte, sobra
):
    """``crear_dataset_ventana``: serie no 1-D, corta o no finita; ventana u horizonte inválidos."""
    minimo = ventana + horizonte
    args = {
        "serie": _array((minimo + sobra,)),
        "ventana": ventana,
        "horizonte": horizonte,
    }

    def serie_valida(forma):
        return len(forma) == 1 and forma[0] >= minimo

    argumento, valor = datos.draw(
        _un_argumento_malo(
            {
                "serie": array_malo(args["serie"].shape, serie_valida),
                "ventana": st.one_of(
                    TAMANOS_MALOS, st.integers(min_value=sobra + ventana + 1)
                ),
                "horizonte": st.one_of(
                    TAMANOS_MALOS, st.integers(min_value=sobra + horizonte + 1)
                ),
            }
        ),
        label="argumento",
    )
    _exige_error_en_espanol(crear_dataset_ventana, **{**args, argumento: valor})


# =========================================================================== 3. fallos hallados
# Cada caso es una entrada concreta que hypothesis encontró dejando escapar un
# error de NumPy o de Python, o aceptándose en silencio con un resultado
# imposible (listas validadas después de np.stack, semillas >= 2**32, enteros
# que no caben en un float, sesgos que desbordan float32, listas irregulares de
# clases). Se corrigieron en el paquete; quedan aquí para que no vuelvan.
FUGAS = []
for _clase in (CeldaLSTM, CeldaGRU):
    _c = _clase.__name__
    FUGAS += [
        pytest.param(
            lambda clase=_clase: clase(3, 4, semilla=0).forward_sequence(["a", "b"]),
            id=f"{_c}.forward_sequence-lista-de-cadenas",
        ),
        pytest.param(
            lambda clase=_clase: clase(3, 4, semilla=0).forward_sequence(
                [np.ones(3), np.ones(2)]
            ),
            id=f"{_c}.forward_sequence-lista-de-pasos-de-distinta-forma",
        ),
        pytest.param(
            lambda clase=_clase: clase(3, 4, semilla=0).forward_sequence([{}]),
            id=f"{_c}.forward_sequence-lista-de-objetos",
        ),
        pytest.param(
            lambda clase=_clase: clase(3, 4, semilla=0).forward_sequence(
                [np.array([1j, 2.0, 3.0])]
            ),
            id=f"{_c}.forward_sequence-lista-de-complejos",
        ),
        pytest.param(
            lambda clase=_clase: clase(3, 4, semilla=2**32),
            id=f"{_c}-semilla-2**32",
        ),
    ]
FUGAS += [
    pytest.param(
        lambda: generar_serie_sinusoide(n=8, seed=2**32),
        id="generar_serie_sinusoide-seed-2**32",
    ),
    pytest.param(
        lambda: RNN_BPTT(3, 4, 2, semilla=0).step(_array((2, 3, 2)), [[0], [1, 1]]),
        id="RNN_BPTT.step-y_true-irregular",
    ),
    pytest.param(
        lambda: RNN_BPTT(3, 4, 2, lr=10**400),
        id="RNN_BPTT-lr-entero-enorme",
    ),
    pytest.param(
        lambda: CeldaLSTM(3, 4, sesgo_olvido=10**400),
        id="CeldaLSTM-sesgo_olvido-entero-enorme",
    ),
]


@pytest.mark.parametrize("llamada", FUGAS)
def test_fugas_conocidas(llamada):
    """Entradas inválidas que antes no terminaban en un error en español del paquete."""
    _exige_error_en_espanol(llamada)


def _finito_o_error_en_espanol(llamada) -> None:
    """O un error del paquete en español, o un resultado sin NaN ni infinitos (ni avisos)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            resultado = llamada()
        except (ValueError, TypeError) as exc:
            assert MENSAJE_EN_ESPANOL.search(str(exc)), str(exc)
            return
        except Exception as exc:
            pytest.fail(f"se escapó {type(exc).__name__}: {exc}")
    arrays = resultado if isinstance(resultado, tuple) else (resultado,)
    for arr in arrays:
        assert np.all(np.isfinite(arr)), "el resultado tiene NaN o infinitos"


@pytest.mark.parametrize(
    "llamada",
    [
        pytest.param(
            lambda: generar_serie_sinusoide(n=8, ruido=1e39),
            id="generar_serie_sinusoide-ruido-1e39",
        ),
        pytest.param(
            lambda: generar_serie_sinusoide(n=8, freq=1e308),
            id="generar_serie_sinusoide-freq-1e308",
        ),
        pytest.param(
            lambda: crear_tarea_long_range(n=4, seq_len=5, ruido=1e39),
            id="crear_tarea_long_range-ruido-1e39",
        ),
        pytest.param(
            lambda: CeldaLSTM(3, 4, sesgo_olvido=1e300, dtype=np.float32).b,
            id="CeldaLSTM-float32-sesgo_olvido-1e300",
        ),
    ],
)
def test_parametros_finitos_enormes_no_dan_resultados_no_finitos(llamada):
    """Un parámetro finito aceptado no puede producir NaN ni infinitos en silencio."""
    _finito_o_error_en_espanol(llamada)
