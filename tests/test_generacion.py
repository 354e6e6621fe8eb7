"""Ejercicio A2: corpus del libro, vocabulario, fragmentos, muestreo, generación, *checkpoint* y la orden ``generar``."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import torch
from conftest import RAIZ

from rnnbook.cli import main
from rnnbook.datos import (
    DESCONOCIDO,
    Vocabulario,
    cargar_corpus,
    crear_fragmentos,
    preparar_datos_caracteres,
)
from rnnbook.datos.caracteres import _longitud_minima
from rnnbook.experimentos import (
    bits_por_caracter,
    cargar_generador,
    entrenar_caracteres,
    estadisticas_muestra,
    generar_texto,
    guardar_generador,
    lineas_base_bpc,
    muestrear,
    perdida_caracteres,
    probabilidades,
)
from rnnbook.experimentos.generacion import ARCHIVO_CONFIGURACION, ARCHIVO_PESOS
from rnnbook.libro import construir_corpus_libro
from rnnbook.modelos import LSTMCaracteres

INGLES = [
    "usage:",
    "options:",
    "show this help message",
    "invalid choice",
    "the following arguments are required",
    "unrecognized arguments",
    "expected one argument",
    "error: argument ",
    "not allowed with",
]


def _texto_mini(n_palabras: int = 300, semilla: int = 0) -> str:
    g = torch.Generator().manual_seed(semilla)
    palabras = [
        "la",
        "red",
        "lee",
        "el",
        "texto",
        "y",
        "predice",
        "el",
        "siguiente",
        "carácter",
        "con",
        "su",
        "estado",
        "oculto",
    ]
    return (
        " ".join(
            palabras[int(i)]
            for i in torch.randint(len(palabras), (n_palabras,), generator=g)
        )
        + "\n"
    )


@pytest.fixture(scope="module")
def modelo_pequeno():
    voc = Vocabulario(_texto_mini())
    torch.manual_seed(0)
    return LSTMCaracteres(len(voc), dim_embedding=8, hidden_size=16), voc


# ------------------------------------------------------------------------------- corpus
def test_extraccion_de_hoy_es_prosa_como_la_copia():
    """Lo que se extrae hoy del repositorio es prosa sin marcado, como la copia instalada.

    La copia que viaja con el paquete no tiene que coincidir letra a letra con
    la prosa de hoy (editar un capítulo no debe romper una prueba): se
    regenera con ``python3 tareas.py corpus``.
    """
    actual = construir_corpus_libro(RAIZ)
    copia = cargar_corpus()
    assert 0.5 < len(actual) / len(copia) < 2
    for marca in ("```", "{doc}", "{medida}", ":func:", ":math:", "$$", "# %%"):
        assert marca not in actual, marca


def test_corpus_del_libro_es_prosa_sin_marcado():
    corpus = cargar_corpus()
    assert len(corpus) > 100_000 and "puerta de olvido" in corpus
    for marca in (
        "```",
        "{doc}",
        "{medida}",
        ":func:",
        ":math:",
        "$$",
        ".. math::",
        "# %%",
        "<details",
    ):
        assert marca not in corpus, marca
    # una línea de código de un ejemplo (no de su texto) no entra
    assert 'dispositivo = elegir_dispositivo("auto")' not in corpus
    assert sum(c.isalpha() for c in corpus) / len(corpus) > 0.7


def test_construir_corpus_quita_codigo_y_marcado(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "gallery" / "parte").mkdir(parents=True)
    aviso = "Para ejecutar este ejemplo necesitas el paquete rnnbook instalado, como explica el README del libro."
    (tmp_path / "docs" / "cap.md").write_text(
        "(etiqueta)=\n# Capítulo\n\nLa celda usa $W_{hh}$ y {func}`~rnnbook.entrenar`; véase\n"
        "{doc}`el ejemplo <galeria/x>` y {ref}`resumen-lstm` {cite:p}`hochreiter1997`. Vale {medida}`a.b`[, oculto]{.solucion}.\n\n"
        "```python\nx = secreto_de_codigo()\n```\n\n```{note}\n:class: tip\nTexto de la nota.\n```\n\n"
        "```{toctree}\n:hidden:\nindice_oculto\n```\n\n$$\nL = \\sum_t \\ell_t\n$$ (ec)\n\n"
        "* uno\n  sigue\n* dos\n",
        encoding="utf-8",
    )
    ejemplo = (
        f'"""\nTítulo\n======\n\n.. note::\n   {aviso}\n\n.. math::\n\n   y = formula_oculta\n\n'
        f'Texto del docstring con :math:`\\\\sigma`.\n"""\n\n# %%\n# Sección\n# -------\n#\n# Prosa de la celda.\n'
        f"import os  # comentario_de_codigo\n"
    )
    (tmp_path / "gallery" / "parte" / "plot_01_a.py").write_text(
        ejemplo, encoding="utf-8"
    )
    (tmp_path / "gallery" / "parte" / "plot_02_b.py").write_text(
        ejemplo, encoding="utf-8"
    )
    lineas = construir_corpus_libro(tmp_path).splitlines()
    assert lineas[:6] == [
        "Capítulo",
        "La celda usa W_hh y entrenar; véase el ejemplo y resumen lstm. Vale …, oculto.",
        "Texto de la nota.",
        "- uno sigue",
        "- dos",
        "Título",
    ]
    assert lineas.count(aviso) == 1  # el aviso repetido se queda una vez
    assert (
        "Texto del docstring con σ." in lineas
        and "Prosa de la celda." in lineas
        and "Sección" in lineas
    )
    texto = "\n".join(lineas)
    for fuera in (
        "secreto_de_codigo",
        "indice_oculto",
        "formula_oculta",
        "comentario_de_codigo",
        "etiqueta",
        "hochreiter",
        "\\sum",
        "======",
        "{.solucion}",
    ):
        assert fuera not in texto, fuera


def test_construir_corpus_escribe_destino_y_rechaza_carpeta_vacia(tmp_path):
    with pytest.raises(ValueError, match="no parece la raíz del repositorio"):
        construir_corpus_libro(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("Hola, mundo.\n", encoding="utf-8")
    destino = tmp_path / "sub" / "corpus.txt"
    assert (
        construir_corpus_libro(tmp_path, destino=destino)
        == destino.read_text(encoding="utf-8")
        == "Hola, mundo.\n"
    )


def test_la_rueda_lleva_el_corpus(tmp_path):
    """Un ``pip install .`` (no editable) instala el corpus: se construye la rueda y se mira dentro."""
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(RAIZ),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    (rueda,) = tmp_path.glob("rnnbook-*.whl")
    with zipfile.ZipFile(rueda) as z:
        empaquetado = z.read("rnnbook/datos/corpus_libro.txt").decode("utf-8")
    assert empaquetado == (RAIZ / "rnnbook" / "datos" / "corpus_libro.txt").read_text(
        encoding="utf-8"
    )


def test_cargar_corpus_de_archivo(tmp_path):
    ruta = tmp_path / "c.txt"
    ruta.write_bytes(
        "\ufeffl\u00ednea\r\nsegunda l\u0131\u0301nea\r\n".encode("utf-8")
    )  # BOM, CRLF
    assert cargar_corpus(ruta) == "línea\nsegunda lı́nea\n"
    ruta.write_bytes(
        "cafe\u0301".encode("utf-8")
    )  # «é» descompuesta → un solo carácter (NFC)
    assert cargar_corpus(str(ruta)) == "café"


@pytest.mark.parametrize(
    "contenido,mensaje",
    [
        (None, "No existe el archivo"),
        ("carpeta", "no es un archivo"),
        (
            b"caf\xe9 con leche",
            r"no está codificado en UTF-8 \(byte 0xe9 en la posición 3\)",
        ),
        (b"  \n\n ", "está vacío"),
    ],
)
def test_cargar_corpus_errores(tmp_path, contenido, mensaje):
    ruta = tmp_path / "corpus.txt"
    if contenido == "carpeta":
        ruta.mkdir()
    elif contenido is not None:
        ruta.write_bytes(contenido)
    with pytest.raises(ValueError, match=mensaje):
        cargar_corpus(ruta)


# ---------------------------------------------------------------------- vocabulario y datos
def test_vocabulario_ida_y_vuelta_y_desconocidos():
    corpus = cargar_corpus()
    voc = Vocabulario(corpus)
    ids = voc.codificar(corpus)
    assert ids.dtype == torch.int64 and ids.shape == (len(corpus),)
    assert (
        voc.decodificar(ids) == corpus and int(ids.min()) >= 1
    )  # nada del corpus es desconocido
    assert len(voc) == len(set(corpus)) + 1 and voc.simbolos[0] == DESCONOCIDO
    assert voc.codificar("¶Ж").tolist() == [0, 0]
    assert voc.decodificar(voc.codificar("a¶b")) == f"a{DESCONOCIDO}b"
    assert Vocabulario.desde_dict(json.loads(json.dumps(voc.a_dict()))) == voc


def test_vocabulario_errores():
    voc = Vocabulario("abc")
    with pytest.raises(ValueError, match=r"enteros en \[0, 3\]"):
        voc.decodificar([1, 4])
    with pytest.raises(TypeError, match="texto debe ser str"):
        voc.codificar(["a"])
    with pytest.raises(ValueError, match="vacío"):
        Vocabulario("")
    with pytest.raises(ValueError, match="caracteres"):
        Vocabulario.desde_dict({"simbolos": "abc"})


@pytest.mark.parametrize("L,T", [(11, 3), (12, 3), (100, 7), (8, 7)])
def test_fragmentos_desplazados_en_uno(L, T):
    ids = torch.randperm(L)
    X, Y = crear_fragmentos(ids, T)
    N = (L - 1) // T
    assert X.shape == Y.shape == (N, T) and X.dtype == Y.dtype == torch.int64
    assert torch.equal(X.reshape(-1), ids[: N * T]) and torch.equal(
        Y.reshape(-1), ids[1 : N * T + 1]
    )
    assert torch.equal(
        Y[:, :-1], X[:, 1:]
    )  # dentro de un fragmento, el objetivo es la entrada siguiente
    assert torch.equal(
        Y[:-1, -1], X[1:, 0]
    )  # y el último objetivo es el primer carácter del siguiente


def test_fragmentos_errores():
    with pytest.raises(ValueError, match="al menos longitud \\+ 1 = 5"):
        crear_fragmentos(torch.arange(4), 4)
    with pytest.raises(ValueError, match="vector de enteros"):
        crear_fragmentos(torch.zeros(10), 3)
    with pytest.raises(ValueError, match="longitud debe ser un entero >= 1"):
        crear_fragmentos(torch.arange(10), 0)


def test_division_cronologica():
    texto = _texto_mini(400)
    d = preparar_datos_caracteres(texto, longitud_secuencia=16, fraccion_validacion=0.2)
    n_val = d.ids_validacion.shape[0]
    assert n_val == round(0.2 * len(texto))
    assert (
        d.vocabulario.decodificar(d.ids_validacion) == texto[-n_val:]
    )  # la validación es el final del texto
    assert d.vocabulario.decodificar(d.ids_entrenamiento) == texto[:-n_val]
    assert d.entrenamiento[0].shape[1] == d.validacion[0].shape[1] == 16
    assert d.tamanos()["validación"]["objetivos"] == d.validacion[1].numel()


@pytest.mark.parametrize("T,f", [(64, 0.1), (16, 0.2), (5, 0.5)])
def test_corpus_minimo_exacto(T, f):
    minimo = _longitud_minima(T, f)
    preparar_datos_caracteres("ab" * minimo, T, f)
    preparar_datos_caracteres(("ab" * minimo)[:minimo], T, f)
    with pytest.raises(
        ValueError,
        match=f"demasiado corto: tiene {minimo - 1} caracteres.*al menos {minimo}",
    ):
        preparar_datos_caracteres(("ab" * minimo)[: minimo - 1], T, f)


# ----------------------------------------------------------------------- pérdida y bits
def test_perdida_y_bits_por_caracter():
    torch.manual_seed(1)
    logits, y = torch.randn(3, 5, 7), torch.randint(7, (3, 5))
    manual = -torch.log_softmax(logits, -1).gather(-1, y.unsqueeze(-1)).mean()
    assert torch.allclose(perdida_caracteres(logits, y), manual)
    assert bits_por_caracter(float(manual)) == pytest.approx(
        float(manual) / math.log(2)
    )
    assert bits_por_caracter(
        float(perdida_caracteres(torch.zeros(2, 4, 32), y[:2, :4]))
    ) == pytest.approx(5.0)
    with pytest.raises(ValueError, match="logits debe tener forma"):
        perdida_caracteres(logits[:, :4], y)
    with pytest.raises(ValueError, match="perdida_nats"):
        bits_por_caracter(-1.0)


def test_lineas_base_independientes():
    texto = _texto_mini(500, semilla=3)
    d = preparar_datos_caracteres(texto, 16, 0.25)
    b = lineas_base_bpc(d)
    V = len(d.vocabulario)
    assert b["uniforme"] == pytest.approx(math.log2(V))
    cuentas = Counter(d.vocabulario.decodificar(d.ids_entrenamiento))
    total = sum(cuentas.values()) + V
    objetivos = d.vocabulario.decodificar(d.validacion[1])
    esperado = -sum(math.log2((cuentas[c] + 1) / total) for c in objetivos) / len(
        objetivos
    )
    assert b["unigrama"] == pytest.approx(esperado)
    assert b["unigrama"] < b["uniforme"]


# --------------------------------------------------------------------------- muestreo
@pytest.mark.parametrize("temperatura", [0.3, 1.0, 2.5])
def test_probabilidades_son_softmax_de_logits_entre_temperatura(temperatura):
    torch.manual_seed(2)
    z = torch.randn(4, 30, dtype=torch.float64) * 3
    p = probabilidades(z, temperatura)
    assert p.shape == z.shape and torch.allclose(
        p.sum(-1), torch.ones(4, dtype=torch.float64)
    )
    assert torch.allclose(p, torch.softmax(z / temperatura, -1))
    assert torch.allclose(
        probabilidades(z + 100.0, temperatura), p
    )  # solo importan las diferencias


def test_temperatura_extrema():
    torch.manual_seed(3)
    z = torch.randn(50)
    voraz = probabilidades(z, 1e-8)
    assert (
        voraz[z.argmax()] == 1.0 and voraz.sum() == 1.0 and int((voraz > 0).sum()) == 1
    )
    plana = probabilidades(z, 1e6)
    assert float(plana.max() - plana.min()) < 1e-5
    entropias = [
        float(-(p * p.clamp_min(1e-300).log()).sum())
        for p in (probabilidades(z, t) for t in (0.2, 1, 5))
    ]
    assert entropias == sorted(entropias)  # más temperatura, más entropía


@pytest.mark.parametrize("k", [1, 2, 5, 19, 20])
def test_top_k_deja_exactamente_k(k):
    torch.manual_seed(k)
    z = torch.randn(3, 20)
    p = probabilidades(z, 0.7, top_k=k)
    assert torch.equal((p > 0).sum(-1), torch.full((3,), k))
    mejores = torch.topk(z, k, -1).indices
    assert torch.equal(
        torch.sort(mejores, -1).values,
        torch.sort(torch.nonzero(p > 0)[:, 1].reshape(3, k), -1).values,
    )
    assert torch.allclose(p.sum(-1), torch.ones(3, dtype=torch.float64))
    assert torch.allclose(
        probabilidades(z, 0.7, top_k=25), probabilidades(z, 0.7)
    )  # k >= V: nada que quitar


@pytest.mark.parametrize(
    "temperatura,top_k,error,mensaje",
    [
        (0.0, None, ValueError, "temperatura debe ser un número finito > 0"),
        (-1.0, None, ValueError, "temperatura"),
        (float("nan"), None, ValueError, "temperatura"),
        (float("inf"), None, ValueError, "temperatura"),
        ("1", None, TypeError, "temperatura debe ser un número real"),
        (1.0, 0, ValueError, "top_k debe ser un entero >= 1"),
        (1.0, 2.5, TypeError, "top_k debe ser un entero"),
        (1.0, True, TypeError, "top_k debe ser un entero"),
    ],
)
def test_argumentos_de_muestreo_invalidos(temperatura, top_k, error, mensaje):
    with pytest.raises(error, match=mensaje):
        probabilidades(torch.zeros(5), temperatura, top_k)
    with pytest.raises(error, match=mensaje):
        muestrear(torch.zeros(5), temperatura, top_k)


def test_muestrear_frecuencias_semilla_y_top_k():
    z = torch.tensor([1.0, 0.5, 0.0, -1.0, 2.0])
    g = torch.Generator().manual_seed(0)
    n = 4000
    frec = (
        torch.bincount(
            torch.tensor([muestrear(z, 1.3, generador=g) for _ in range(n)]),
            minlength=5,
        )
        / n
    )
    assert torch.allclose(
        frec.double(), probabilidades(z, 1.3), atol=0.03
    )  # unos 4 errores típicos
    serie = [
        muestrear(z, 1.0, generador=torch.Generator().manual_seed(7)) for _ in range(3)
    ]
    assert len(set(serie)) == 1  # misma semilla, mismo índice
    g = torch.Generator().manual_seed(1)
    assert {muestrear(z, 5.0, top_k=2, generador=g) for _ in range(500)} == {0, 4}
    assert {muestrear(z, 1e-6, generador=g) for _ in range(100)} == {
        4
    }  # temperatura → 0: argmax
    with pytest.raises(ValueError, match=r"forma \(V,\)"):
        muestrear(torch.zeros(2, 5))


# ------------------------------------------------------------------------ modelo y generación
def test_estado_se_conserva_entre_llamadas(modelo_pequeno):
    modelo, voc = modelo_pequeno
    x = voc.codificar("la red lee el texto").unsqueeze(0)  # (1, L)
    entero, _ = modelo.avanzar(x)
    a, estado = modelo.avanzar(x[:, :7])
    b, _ = modelo.avanzar(x[:, 7:], estado)
    assert entero.shape == (1, x.shape[1], len(voc))
    assert torch.allclose(torch.cat([a, b], 1), entero, atol=1e-6)
    assert torch.equal(modelo(x), entero)
    with pytest.raises(ValueError, match="int64 de forma"):
        modelo(torch.zeros(1, 3))


def test_generacion_voraz_igual_a_releer_todo(modelo_pequeno):
    """Con temperatura → 0, generar con el estado (h, C) = releer todo el prefijo y tomar el argmax."""
    modelo, voc = modelo_pequeno
    inicio = "el texto "
    generado = generar_texto(
        modelo, voc, inicio, longitud=25, temperatura=1e-6, semilla=0
    )
    prefijo = voc.codificar(inicio)
    with torch.no_grad():
        for _ in range(25):
            z = modelo(prefijo.unsqueeze(0))[0, -1]
            z[0] = -math.inf
            prefijo = torch.cat([prefijo, z.argmax().reshape(1)])
    assert generado == voc.decodificar(prefijo[len(inicio) :])


def test_generar_reproducible_y_sin_desconocidos(modelo_pequeno):
    modelo, voc = modelo_pequeno
    modelo.train()
    a = generar_texto(modelo, voc, "la ", longitud=200, temperatura=1.0, semilla=5)
    assert modelo.training  # el modo se restaura
    assert len(a) == 200 and a == generar_texto(
        modelo, voc, "la ", longitud=200, semilla=5
    )
    assert a != generar_texto(modelo, voc, "la ", longitud=200, semilla=6)
    k1 = generar_texto(
        modelo, voc, "la ", longitud=50, temperatura=3.0, top_k=1, semilla=1
    )
    assert k1 == generar_texto(
        modelo, voc, "la ", longitud=50, temperatura=1e-6, semilla=2
    )  # top-1 = voraz
    sesgado = LSTMCaracteres(len(voc), dim_embedding=8, hidden_size=16)
    with torch.no_grad():
        sesgado.salida.bias[0] = 50.0  # el modelo «quiere» el desconocido
    assert DESCONOCIDO not in generar_texto(
        sesgado, voc, "¶ inicio con desconocido", longitud=100, semilla=0
    )


def test_generar_en_cada_dispositivo(dispositivo, tmp_path):
    """En CUDA se genera igual de reproducible (el sorteo se hace siempre en la CPU)."""
    voc = Vocabulario(_texto_mini())
    torch.manual_seed(0)
    modelo = LSTMCaracteres(len(voc), dim_embedding=8, hidden_size=16)
    guardar_generador(modelo, voc, tmp_path)
    en_disp, voc2 = cargar_generador(tmp_path, dispositivo=dispositivo)
    assert next(en_disp.parameters()).device.type == dispositivo.type
    a = generar_texto(
        en_disp, voc2, "la red ", longitud=60, temperatura=1e-6, semilla=0
    )
    assert a == generar_texto(
        en_disp, voc2, "la red ", longitud=60, temperatura=1e-6, semilla=0
    )
    assert len(a) == 60 and a == generar_texto(
        modelo, voc, "la red ", longitud=60, temperatura=1e-6, semilla=0
    )


def test_generar_errores(modelo_pequeno):
    modelo, voc = modelo_pequeno
    with pytest.raises(ValueError, match="inicio debe ser un texto no vacío"):
        generar_texto(modelo, voc, "", 10)
    with pytest.raises(ValueError, match="vocabulario de"):
        generar_texto(modelo, Vocabulario("xyz"), "x", 10)
    with pytest.raises(ValueError, match="temperatura"):
        generar_texto(modelo, voc, "la", 10, temperatura=0)
    with pytest.raises(ValueError, match="longitud"):
        generar_texto(modelo, voc, "la", 0)


def test_entrenamiento_reproducible_y_mejor_que_unigrama():
    d = preparar_datos_caracteres(_texto_mini(600, semilla=4), 32, 0.2)
    pesos = []
    for _ in range(2):
        torch.manual_seed(0)
        m = LSTMCaracteres(len(d.vocabulario), dim_embedding=8, hidden_size=32)
        h = entrenar_caracteres(m, d, epocas=8, semilla=0, dispositivo="cpu")
        pesos.append(m.salida.weight.detach().clone())
    assert torch.equal(pesos[0], pesos[1])
    assert (
        bits_por_caracter(h.epocas[-1]["perdida_validacion"])
        < lineas_base_bpc(d)["unigrama"]
    )


def test_estadisticas_muestra():
    r = estadisticas_muestra("La red, la RED y zzz 12", "la red recurrente")
    # palabras: la, red, la, red, y, zzz (las cifras no cuentan); del corpus: 4; distintas: la, red, y, zzz
    assert r == {
        "palabras_del_corpus": pytest.approx(4 / 6),
        "palabras_distintas": pytest.approx(4 / 6),
        "palabras": 6,
    }
    assert estadisticas_muestra("123 ...", "x")["palabras"] == 0


# -------------------------------------------------------------------------- checkpoint
def test_checkpoint_genera_el_mismo_texto(modelo_pequeno, tmp_path):
    modelo, voc = modelo_pequeno
    rutas = guardar_generador(modelo, voc, tmp_path / "gen", nota="prueba")
    assert (
        rutas["pesos"].name == ARCHIVO_PESOS
        and rutas["configuracion"].name == ARCHIVO_CONFIGURACION
    )
    assert (
        json.loads(rutas["configuracion"].read_text(encoding="utf-8"))["nota"]
        == "prueba"
    )
    otro, voc2 = cargar_generador(tmp_path / "gen", dispositivo="cpu")
    assert otro is not modelo and voc2 == voc and not otro.training
    args = dict(inicio="la red ", longitud=120, temperatura=0.8, top_k=6, semilla=11)
    assert generar_texto(otro, voc2, **args) == generar_texto(modelo, voc, **args)


def test_checkpoint_errores(modelo_pequeno, tmp_path):
    modelo, voc = modelo_pequeno
    with pytest.raises(ValueError, match="no contiene un generador"):
        cargar_generador(tmp_path)
    guardar_generador(modelo, voc, tmp_path)
    config = tmp_path / ARCHIVO_CONFIGURACION
    contenido = json.loads(config.read_text(encoding="utf-8"))
    contenido["hiperparametros"]["hidden_size"] = 32
    config.write_text(json.dumps(contenido), encoding="utf-8")
    with pytest.raises(ValueError, match="no corresponden a la arquitectura"):
        cargar_generador(tmp_path, dispositivo="cpu")
    contenido["vocabulario"]["caracteres"] = "ab"
    config.write_text(json.dumps(contenido), encoding="utf-8")
    with pytest.raises(ValueError, match="no coincide con el vocabulario"):
        cargar_generador(tmp_path, dispositivo="cpu")
    config.write_text("{no es json", encoding="utf-8")
    with pytest.raises(ValueError, match="JSON mal formado en la línea 1") as e:
        cargar_generador(tmp_path, dispositivo="cpu")
    assert "Expecting" not in str(e.value)  # sin el mensaje en inglés de json
    config.write_bytes(b"\xff\xfe basura")
    with pytest.raises(ValueError, match="no es texto UTF-8"):
        cargar_generador(tmp_path, dispositivo="cpu")
    config.write_text(json.dumps({"vocabulario": {}}), encoding="utf-8")
    with pytest.raises(ValueError, match="falta la clave 'hiperparametros'"):
        cargar_generador(tmp_path, dispositivo="cpu")
    config.write_text(
        json.dumps({"hiperparametros": 3, "vocabulario": {}}), encoding="utf-8"
    )
    with pytest.raises(ValueError, match="no tiene el tipo esperado"):
        cargar_generador(tmp_path, dispositivo="cpu")


# ------------------------------------------------------------------------ línea de órdenes
def _ejecutar(argv, capsys):
    with pytest.raises(SystemExit) as salida:
        main(argv)
    capt = capsys.readouterr()
    return salida.value.code, capt.out, capt.err


def test_ayuda_de_generar_en_espanol(capsys):
    codigo, out, err = _ejecutar(["generar", "--help"], capsys)
    assert codigo == 0 and err == ""
    for texto in (
        "uso:",
        "opciones:",
        "--corpus ARCHIVO",
        "--modelo DIR",
        "--temperatura T",
        "--top-k K",
        "modelo_caracteres.pth",
        "generador_caracteres.json",
    ):
        assert texto in out, texto
    assert not [frase for frase in INGLES if frase in out]


def test_generar_de_principio_a_fin_y_reutilizar(tmp_path, capsys):
    corpus = tmp_path / "mini.txt"
    corpus.write_text(_texto_mini(300), encoding="utf-8")
    salida = tmp_path / "res"
    argv = [
        "generar",
        "--corpus",
        str(corpus),
        "--epocas",
        "1",
        "--longitud",
        "60",
        "--inicio",
        "la red ",
        "--temperatura",
        "0.8",
        "--semilla",
        "3",
        "--dispositivo",
        "cpu",
    ]
    assert main(argv + ["--salida", str(salida)]) == 0
    out = capsys.readouterr().out
    for archivo in (
        ARCHIVO_PESOS,
        ARCHIVO_CONFIGURACION,
        "metricas_generacion.json",
        "texto_generado.txt",
        "curvas_caracteres.png",
    ):
        assert (salida / archivo).is_file(), archivo
    m = json.loads((salida / "metricas_generacion.json").read_text(encoding="utf-8"))
    assert m["epocas"] == 1 and m["bpc_uniforme"] == pytest.approx(
        math.log2(m["tam_vocab"])
    )
    assert m["texto"].startswith("la red ") and len(m["texto"]) == len("la red ") + 60
    assert m["texto"] in out and "bits por carácter" in out
    # el checkpoint, cargado de nuevo, genera el mismo texto con la misma semilla
    assert (
        main(
            [
                "generar",
                "--modelo",
                str(salida),
                "--longitud",
                "60",
                "--inicio",
                "la red ",
                "--temperatura",
                "0.8",
                "--semilla",
                "3",
                "--dispositivo",
                "cpu",
            ]
        )
        == 0
    )
    out2 = capsys.readouterr().out
    assert (
        m["texto"] in out2 and "Modelo cargado de" in out2 and "Archivos en" not in out2
    )


def _escribir(ruta: Path, datos) -> str:
    if isinstance(datos, bytes):
        ruta.write_bytes(datos)
    else:
        ruta.write_text(datos, encoding="utf-8")
    return str(ruta)


@pytest.mark.parametrize(
    "extra,texto",
    [
        (
            ["--temperatura", "0"],
            "argumento --temperatura: debe ser un número finito > 0; se recibió 0",
        ),
        (["--temperatura", "-0.5"], "argumento --temperatura"),
        (["--temperatura", "caliente"], "se recibió 'caliente'"),
        (["--temperatura", "inf"], "número finito > 0"),
        (["--top-k", "0"], "argumento --top-k: debe ser un entero >= 1"),
        (["--top-k", "2.5"], "argumento --top-k"),
        (["--longitud", "0"], "argumento --longitud: debe ser un entero >= 1"),
        (["--inicio", ""], "argumento --inicio: no puede ser un texto vacío"),
        (
            ["--corpus", "{tmp}/no_existe.txt"],
            "argumento --corpus: No existe el archivo de corpus",
        ),
        (["--corpus", "{tmp}"], "no es un archivo de texto"),
        (["--corpus", "{latin1}"], "no está codificado en UTF-8"),
        (["--corpus", "{corto}"], "tiene 100 caracteres; hacen falta al menos 650"),
        (["--modelo", "{tmp}/nada"], "argumento --modelo: no existe la carpeta"),
        (
            ["--modelo", "{tmp}"],
            "le falta modelo_caracteres.pth y generador_caracteres.json",
        ),
        (
            ["--modelo", "{gen}", "--corpus", "{mini}"],
            "no se admite junto con el argumento --modelo",
        ),
        (
            ["--modelo", "{gen}", "--epocas", "2"],
            "argumento --epocas: no se admite junto con --modelo",
        ),
        (["--dispositivo", "tpu"], "elige entre auto, cpu, cuda"),
    ],
)
def test_generar_argumentos_invalidos(extra, texto, tmp_path, capsys, modelo_pequeno):
    rutas = {
        "tmp": str(tmp_path),
        "latin1": _escribir(tmp_path / "l.txt", "año ".encode("latin-1") * 300),
        "corto": _escribir(tmp_path / "c.txt", "a" * 100),
        "mini": _escribir(tmp_path / "m.txt", _texto_mini()),
        "gen": str(tmp_path / "gen"),
    }
    guardar_generador(*modelo_pequeno, tmp_path / "gen")
    codigo, out, err = _ejecutar(
        ["generar"] + [a.format(**rutas) for a in extra], capsys
    )
    assert codigo == 2 and out == ""
    assert texto in err and "uso:" in err
    assert not [frase for frase in INGLES if frase in err]
