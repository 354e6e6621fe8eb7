"""El motor de entrenamiento: dispositivo, modos, recorte, planificador, parada, historial y checkpoints."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
import torch
from torch import nn

from rnnbook import (
    Historial,
    cargar_modelo,
    entrenar,
    evaluar,
    exactitud,
    fijar_semilla,
    guardar_modelo,
    predecir,
)

RAIZ = Path(__file__).resolve().parents[1]


def _clasificacion(n=96, d=4, semilla=0):
    g = torch.Generator().manual_seed(semilla)
    X = torch.randn(n, d, generator=g)
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).long()
    return X, y


class Espia(nn.Module):
    """Red lineal que anota, en cada forward, el modo y si hay gradientes."""

    def __init__(self, d=4, c=2):
        super().__init__()
        self.lineal = nn.Linear(d, c)
        self.llamadas: list[tuple[bool, bool]] = []

    def forward(self, x):
        self.llamadas.append((self.training, torch.is_grad_enabled()))
        return self.lineal(x)


class SGDRegistro(torch.optim.SGD):
    """SGD que anota la norma global del gradiente que recibe en cada paso."""

    def __init__(self, params, lr):
        super().__init__(params, lr=lr)
        self.normas: list[float] = []

    def step(self, closure=None):
        grads = [
            p.grad for g in self.param_groups for p in g["params"] if p.grad is not None
        ]
        self.normas.append(
            float(
                torch.linalg.vector_norm(
                    torch.stack([torch.linalg.vector_norm(t) for t in grads])
                )
            )
        )
        return super().step(closure)


# ------------------------------------------------------------------ entrenamiento básico
def test_entrena_en_el_dispositivo_y_baja_la_perdida(dispositivo):
    X, y = _clasificacion()
    fijar_semilla(0)
    modelo = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 2))
    h = entrenar(
        modelo,
        (X, y),
        (X, y),
        perdida=nn.CrossEntropyLoss(),
        epocas=8,
        tam_lote=16,
        lr=0.05,
        metricas={"exactitud": exactitud},
        dispositivo=dispositivo,
        restaurar_mejor=False,
    )
    assert isinstance(h, Historial) and h.dispositivo == dispositivo.type
    assert next(modelo.parameters()).device.type == dispositivo.type
    perdidas = h.columna("perdida_entrenamiento")
    assert perdidas[-1] < 0.5 * perdidas[0]
    assert h.columna("exactitud_validacion")[-1] > 0.9
    assert set(h.epocas[0]) == {
        "epoca",
        "perdida_entrenamiento",
        "perdida_validacion",
        "exactitud_validacion",
        "lr",
        "segundos",
    }
    assert h.segundos >= sum(h.columna("segundos")) * 0.99
    tabla = h.como_tabla()
    assert list(tabla.index) == list(range(1, 9)) and tabla.index.name == "epoca"
    p = predecir(modelo, X, dispositivo=dispositivo)
    assert p.device.type == "cpu" and p.shape == (96, 2)


def test_reproducible_con_la_misma_semilla():
    X, y = _clasificacion()

    def correr(semilla):
        fijar_semilla(1)
        m = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.3), nn.Linear(8, 2))
        h = entrenar(
            m,
            (X, y),
            (X, y),
            perdida=nn.CrossEntropyLoss(),
            epocas=3,
            tam_lote=10,
            lr=0.05,
            dispositivo="cpu",
            semilla=semilla,
        )
        return h.columna("perdida_entrenamiento"), [
            p.detach().clone() for p in m.parameters()
        ]

    a, pa = correr(5)
    b, pb = correr(5)
    c, _ = correr(6)
    assert a == b and all(torch.equal(u, v) for u, v in zip(pa, pb))
    assert a != c  # otra semilla: otro barajado y otro dropout


def test_train_eval_y_no_grad_en_cada_fase():
    X, y = _clasificacion(n=40)
    m = Espia()
    entrenar(
        m,
        (X, y),
        (X, y),
        perdida=nn.CrossEntropyLoss(),
        epocas=2,
        tam_lote=10,
        dispositivo="cpu",
    )
    entrenamiento = [c for c in m.llamadas if c[0]]
    validacion = [c for c in m.llamadas if not c[0]]
    assert len(entrenamiento) == 2 * 4 and all(g for _, g in entrenamiento)
    assert len(validacion) == 2 and not any(g for _, g in validacion)
    # evaluar y predecir restauran el modo en que estaba el modelo
    for modo_inicial in (True, False):
        m.train(modo_inicial)
        m.llamadas.clear()
        evaluar(m, (X, y), metricas={"exactitud": exactitud}, dispositivo="cpu")
        predecir(m, X, dispositivo="cpu")
        assert m.training is modo_inicial
        assert m.llamadas == [(False, False), (False, False)]


def test_la_perdida_de_entrenamiento_pondera_por_el_tamano_del_lote():
    # Con una tasa despreciable los pesos no cambian: la media ponderada de los lotes
    # (el último, más pequeño) debe coincidir con la pérdida de todo el conjunto.
    X, y = _clasificacion(n=50)
    fijar_semilla(0)
    m = nn.Linear(4, 2)
    m.bias.data = torch.tensor([0.7, -0.4])
    h = entrenar(
        m,
        (X, y),
        None,
        perdida=nn.CrossEntropyLoss(),
        epocas=1,
        tam_lote=16,
        optimizador=lambda p: torch.optim.SGD(p, lr=1e-12),
        metricas={"exactitud": exactitud},
        metricas_entrenamiento=True,
        dispositivo="cpu",
    )
    ref = evaluar(
        m,
        (X, y),
        perdida=nn.CrossEntropyLoss(),
        metricas={"exactitud": exactitud},
        dispositivo="cpu",
    )
    assert h.epocas[0]["perdida_entrenamiento"] == pytest.approx(
        ref["perdida"], rel=1e-5
    )
    assert h.epocas[0]["exactitud_entrenamiento"] == pytest.approx(
        ref["exactitud"], abs=1e-6
    )
    assert "perdida_validacion" not in h.epocas[0]


def test_recorte_del_gradiente_por_norma_global():
    X, y = _clasificacion()
    y_reg = (X @ torch.tensor([30.0, -20.0, 10.0, 5.0])).unsqueeze(
        1
    )  # gradientes grandes

    def correr(recorte):
        fijar_semilla(0)
        m = nn.Linear(4, 1)
        opt = {}

        def crear(p):
            opt["o"] = SGDRegistro(p, lr=1e-4)
            return opt["o"]

        entrenar(
            m,
            (X, y_reg),
            None,
            perdida=nn.MSELoss(),
            epocas=2,
            tam_lote=16,
            optimizador=crear,
            recorte_gradiente=recorte,
            dispositivo="cpu",
        )
        return opt["o"].normas

    sin = correr(None)
    con = correr(0.5)
    assert max(sin) > 10
    assert max(con) <= 0.5 + 1e-5
    assert min(con) == pytest.approx(0.5, rel=1e-4)  # recortado a la norma, no anulado


def test_planificador_por_epoca_y_reduce_on_plateau():
    X, y = _clasificacion()
    h = entrenar(
        nn.Linear(4, 2),
        (X, y),
        (X, y),
        perdida=nn.CrossEntropyLoss(),
        epocas=3,
        lr=0.08,
        planificador=lambda o: torch.optim.lr_scheduler.StepLR(
            o, step_size=1, gamma=0.5
        ),
        dispositivo="cpu",
    )
    assert h.columna("lr") == pytest.approx([0.08, 0.04, 0.02])

    recibidos = []

    class Plateau(torch.optim.lr_scheduler.ReduceLROnPlateau):
        def step(self, metrics, *a, **k):
            recibidos.append(float(metrics))
            return super().step(metrics, *a, **k)

    h = entrenar(
        nn.Linear(4, 2),
        (X, y),
        (X, y),
        perdida=nn.CrossEntropyLoss(),
        epocas=3,
        lr=0.01,
        planificador=lambda o: Plateau(o),
        metricas={"exactitud": exactitud},
        monitor="exactitud_validacion",
        modo="max",
        dispositivo="cpu",
    )
    assert recibidos == h.columna("exactitud_validacion")


def test_parada_temprana_y_mejor_epoca():
    X, y = _clasificacion()
    fijar_semilla(0)
    # Tasa despreciable: la exactitud no cambia, así que nunca mejora tras la época 1.
    h = entrenar(
        nn.Linear(4, 2),
        (X, y),
        (X, y),
        perdida=nn.CrossEntropyLoss(),
        epocas=20,
        optimizador=lambda p: torch.optim.SGD(p, lr=1e-12),
        metricas={"exactitud": exactitud},
        monitor="exactitud_validacion",
        modo="max",
        paciencia=2,
        dispositivo="cpu",
    )
    assert h.detenido_antes and len(h.epocas) == 3 and h.mejor_epoca == 1


def test_restaura_los_pesos_de_la_mejor_epoca():
    X, y = _clasificacion()
    fijar_semilla(0)
    m = nn.Linear(4, 2)
    # modo="max" sobre la pérdida: la «mejor» época es la peor, no la última.
    h = entrenar(
        m,
        (X, y),
        (X, y),
        perdida=nn.CrossEntropyLoss(),
        epocas=5,
        lr=0.1,
        modo="max",
        dispositivo="cpu",
    )
    val = h.columna("perdida_validacion")
    assert h.mejor_epoca == val.index(max(val)) + 1 != 5
    final = evaluar(m, (X, y), perdida=nn.CrossEntropyLoss(), dispositivo="cpu")[
        "perdida"
    ]
    assert final == pytest.approx(max(val), rel=1e-6)

    fijar_semilla(0)
    m2 = nn.Linear(4, 2)
    h2 = entrenar(
        m2,
        (X, y),
        (X, y),
        perdida=nn.CrossEntropyLoss(),
        epocas=5,
        lr=0.1,
        modo="max",
        restaurar_mejor=False,
        dispositivo="cpu",
    )
    final2 = evaluar(m2, (X, y), perdida=nn.CrossEntropyLoss(), dispositivo="cpu")[
        "perdida"
    ]
    assert final2 == pytest.approx(h2.columna("perdida_validacion")[-1], rel=1e-6)


def test_entradas_en_tupla_y_paso_forward():
    X, y = _clasificacion(n=30)

    class Dos(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b = nn.Linear(4, 2), nn.Linear(4, 2)

        def forward(self, x1, x2):
            return self.a(x1) + self.b(x2)

    vistos = []

    def paso(modelo, entradas, objetivos):
        vistos.append((modelo.training, len(entradas), objetivos.shape[0]))
        return modelo(*entradas)

    h = entrenar(
        Dos(),
        ((X, -X), y),
        ((X, -X), y),
        perdida=nn.CrossEntropyLoss(),
        epocas=1,
        tam_lote=8,
        paso_forward=paso,
        dispositivo="cpu",
    )
    assert len(h.epocas) == 1
    assert [v for v in vistos if v[0]] == [(True, 2, 8)] * 3 + [(True, 2, 6)]
    assert [v for v in vistos if not v[0]] == [(False, 2, 30)]


def test_barra_de_progreso_solo_si_se_pide(capsys):
    X, y = _clasificacion(n=20)
    entrenar(
        nn.Linear(4, 2),
        (X, y),
        None,
        perdida=nn.CrossEntropyLoss(),
        epocas=2,
        dispositivo="cpu",
        progreso=False,
    )
    assert capsys.readouterr().err == ""
    entrenar(
        nn.Linear(4, 2),
        (X, y),
        None,
        perdida=nn.CrossEntropyLoss(),
        epocas=2,
        dispositivo="cpu",
        progreso=True,
    )
    assert "Entrenando" in capsys.readouterr().err


# --------------------------------------------------------------------- entradas inválidas
X0, Y0 = _clasificacion(n=10)
CASOS_MALOS = [
    (dict(epocas=0), ValueError, "epocas"),
    (dict(epocas=2.5), TypeError, "epocas"),
    (dict(tam_lote=0), ValueError, "tam_lote"),
    (dict(lr=-1.0), ValueError, "lr"),
    (dict(lr=math.nan), ValueError, "lr"),
    (dict(recorte_gradiente=0.0), ValueError, "recorte_gradiente"),
    (dict(modo="mejor"), ValueError, "modo"),
    (dict(monitor="exactitud"), ValueError, "monitor"),
    (dict(paciencia=0), ValueError, "paciencia"),
    (dict(semilla=-1), ValueError, "semilla"),
    (dict(metricas=[exactitud]), TypeError, "metricas"),
    (dict(optimizador=lambda p: "adam"), TypeError, "optimizador"),
    (dict(perdida="mse"), TypeError, "perdida"),
    (dict(dispositivo="gpu"), ValueError, "dispositivo"),
]


@pytest.mark.parametrize(
    "cambios,error,texto",
    CASOS_MALOS,
    ids=[c[2] + str(i) for i, c in enumerate(CASOS_MALOS)],
)
def test_argumentos_invalidos(cambios, error, texto):
    args = dict(perdida=nn.CrossEntropyLoss(), epocas=1, dispositivo="cpu")
    args.update(cambios)
    with pytest.raises(error, match=texto):
        entrenar(nn.Linear(4, 2), (X0, Y0), (X0, Y0), **args)


@pytest.mark.parametrize(
    "datos,error,texto",
    [
        ((X0,), TypeError, "par"),
        ((X0, Y0[:5]), ValueError, "10 ejemplos|5 ejemplos"),
        ((X0.numpy(), Y0), TypeError, "tensores"),
        ((X0[:0], Y0[:0]), ValueError, "al menos un ejemplo"),
        (((), Y0), ValueError, "vacía"),
    ],
)
def test_datos_invalidos(datos, error, texto):
    with pytest.raises(error, match=texto):
        entrenar(
            nn.Linear(4, 2),
            datos,
            None,
            perdida=nn.CrossEntropyLoss(),
            epocas=1,
            dispositivo="cpu",
        )


def test_otros_errores_en_espanol():
    with pytest.raises(TypeError, match="torch.nn.Module"):
        entrenar(lambda x: x, (X0, Y0), None, perdida=nn.CrossEntropyLoss(), epocas=1)
    with pytest.raises(ValueError, match="datos_validacion"):
        entrenar(
            nn.Linear(4, 2),
            (X0, Y0),
            None,
            perdida=nn.CrossEntropyLoss(),
            epocas=1,
            paciencia=2,
        )
    with pytest.raises(ValueError, match="exactitud"):
        exactitud(torch.zeros(3, 2), torch.zeros(4, dtype=torch.long))
    with pytest.raises(KeyError, match="disponibles"):
        Historial(epocas=[{"epoca": 1}]).columna("nada")
    with pytest.raises(TypeError, match="tensor"):
        predecir(nn.Linear(4, 2), [1, 2, 3])


# ------------------------------------------------------------------------ checkpoints
def test_guardar_y_cargar_en_el_dispositivo(tmp_path, dispositivo):
    fijar_semilla(0)
    original = nn.LSTM(3, 5, num_layers=2).to(dispositivo)
    ruta = guardar_modelo(original, tmp_path / "sub" / "m.pth")
    assert ruta.is_file()
    copia = nn.LSTM(3, 5, num_layers=2).to(dispositivo)
    assert cargar_modelo(ruta, copia) is copia
    for (k, a), (_, b) in zip(
        original.state_dict().items(), copia.state_dict().items()
    ):
        assert torch.equal(a, b), k
        assert b.device.type == dispositivo.type


@pytest.fixture
def guardado(tmp_path):
    fijar_semilla(0)
    ruta = guardar_modelo(nn.Linear(3, 2), tmp_path / "m.pth")
    return ruta


def _intacto(modelo, antes):
    return all(torch.equal(a, b) for a, b in zip(antes, modelo.state_dict().values()))


def test_archivo_corrupto(guardado):
    guardado.write_bytes(b"esto no es un archivo de PyTorch" * 10)
    m = nn.Linear(3, 2)
    antes = [t.clone() for t in m.state_dict().values()]
    with pytest.raises(ValueError, match="corrupto o truncado"):
        cargar_modelo(guardado, m)
    assert _intacto(m, antes)


def test_archivo_truncado(guardado):
    contenido = guardado.read_bytes()
    guardado.write_bytes(contenido[: len(contenido) // 2])
    with pytest.raises(ValueError, match="corrupto o truncado"):
        cargar_modelo(guardado, nn.Linear(3, 2))
    guardado.write_bytes(b"")
    with pytest.raises(ValueError, match="corrupto o truncado"):
        cargar_modelo(guardado, nn.Linear(3, 2))


@pytest.mark.parametrize(
    "otro,texto",
    [
        (nn.Linear(4, 2), "formas distintas"),
        (nn.Sequential(nn.Linear(3, 2)), "faltan"),
        (nn.LSTM(3, 2), "faltan"),
    ],
)
def test_otra_arquitectura(guardado, otro, texto):
    antes = [t.clone() for t in otro.state_dict().values()]
    with pytest.raises(ValueError, match=f"no corresponden a la arquitectura.*{texto}"):
        cargar_modelo(guardado, otro)
    assert _intacto(otro, antes)


def test_no_es_un_state_dict(tmp_path):
    ruta = tmp_path / "lista.pth"
    torch.save([torch.zeros(2)], ruta)
    with pytest.raises(ValueError, match="no contiene un state_dict"):
        cargar_modelo(ruta, nn.Linear(3, 2))
    ruta = tmp_path / "modulo.pth"
    torch.save(nn.Linear(3, 2), ruta)  # un módulo entero: weights_only lo rechaza
    with pytest.raises(ValueError, match="corrupto o truncado"):
        cargar_modelo(ruta, nn.Linear(3, 2))
    with pytest.raises(ValueError, match="No existe"):
        cargar_modelo(tmp_path / "nada.pth", nn.Linear(3, 2))


# ------------------------------------------------------------ comando de velocidad
def test_comando_de_velocidad_del_motor(capsys):
    sys.path.insert(0, str(RAIZ / "benchmarks"))
    try:
        import velocidad_motor
    finally:
        sys.path.pop(0)
    r = velocidad_motor.main(
        [
            "--epocas",
            "1",
            "--repeticiones",
            "1",
            "--n-serie",
            "300",
            "--dispositivo",
            "cpu",
        ]
    )
    salida = capsys.readouterr().out
    assert "Motor frente a la guía" in salida and "Sobrecoste del motor" in salida
    assert set(r["s_por_epoca"]) == {"guía", "motor", "cómputo puro", "solo DataLoader"}
    assert all(v > 0 for v in r["s_por_epoca"].values())
