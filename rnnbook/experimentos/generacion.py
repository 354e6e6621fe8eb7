r"""Ejercicio A2: LSTM de caracteres y muestreo con temperatura y top-k.

Una LSTM lee texto carácter a carácter y aprende a predecir el siguiente.
Después, realimentando sus propias muestras, **genera** texto nuevo. Las
piezas, en el orden en que se usan:

* el corpus: :func:`cargar_corpus` lee cualquier archivo UTF-8 o, sin ruta, el
  corpus incorporado, que es la prosa de este mismo libro (capítulos y
  ejemplos), extraída por :func:`construir_corpus_libro` y guardada dentro del
  paquete;
* :class:`Vocabulario` (carácter ↔ índice, con un índice para lo desconocido),
  :func:`crear_fragmentos` (entradas :math:`1 \dots T`, objetivos
  :math:`2 \dots T+1`) y :func:`preparar_datos_caracteres` (división
  cronológica en entrenamiento y validación);
* :class:`LSTMCaracteres` (incrustación → LSTM → lineal), entrenada con el
  motor común :func:`rnnbook.entrenar` por :func:`entrenar_caracteres`, y
  medida en **bits por carácter** (:func:`bits_por_caracter`) frente a dos
  referencias (:func:`lineas_base_bpc`);
* el muestreo: :func:`probabilidades`, :func:`muestrear` y
  :func:`generar_texto`, con temperatura y *top-k*;
* el *checkpoint*: :func:`guardar_generador` y :func:`cargar_generador`
  (pesos con :func:`rnnbook.guardar_modelo` y, al lado, un JSON con el
  vocabulario y los hiperparámetros).

:func:`ejecutar_generacion` es la orden ``python -m rnnbook generar``.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import torch
from torch.nn import functional as F

from .. import validacion as _v
from ..datos.caracteres import DatosCaracteres, Vocabulario
from ..entorno import elegir_dispositivo
from ..entrenamiento import Historial, cargar_modelo, entrenar, evaluar, guardar_modelo
from ..modelos.caracteres import LSTMCaracteres

__all__ = [
    "HIPERPARAMETROS_CARACTERES",
    "perdida_caracteres",
    "bits_por_caracter",
    "lineas_base_bpc",
    "entrenar_caracteres",
    "bpc_validacion",
    "validar_top_k",
    "probabilidades",
    "muestrear",
    "generar_texto",
    "estadisticas_muestra",
    "guardar_generador",
    "cargar_generador",
]

#: Valores del libro para el modelo, los datos y el entrenamiento (unos 20 s en un hilo de CPU).
HIPERPARAMETROS_CARACTERES = {
    "dim_embedding": 32,
    "hidden_size": 128,
    "num_layers": 1,
    "longitud_secuencia": 64,
    "fraccion_validacion": 0.1,
    "tam_lote": 32,
    "lr": 2e-2,
    "recorte_gradiente": 1.0,
    "epocas": 4,
}

#: Nombres de los archivos que escribe :func:`guardar_generador`.
ARCHIVO_PESOS = "modelo_caracteres.pth"
ARCHIVO_CONFIGURACION = "generador_caracteres.json"


def perdida_caracteres(logits: torch.Tensor, objetivos: torch.Tensor) -> torch.Tensor:
    """Entropía cruzada media (en *nats*) sobre todos los pasos de todos los fragmentos.

    Aplana los pasos: ``(N, T, V)`` → ``(N·T, V)`` y ``(N, T)`` → ``(N·T,)``.

    Parameters
    ----------
    logits : Tensor de forma (N, T, V)
    objetivos : Tensor de forma (N, T), int64

    Examples
    --------
    >>> p = perdida_caracteres(torch.zeros(2, 3, 4), torch.zeros(2, 3, dtype=torch.long))
    >>> round(float(p), 4) == round(math.log(4), 4)  # uniforme sobre 4 símbolos
    True
    """
    if logits.ndim != 3 or logits.shape[:2] != objetivos.shape:
        raise ValueError(
            f"logits debe tener forma {tuple(objetivos.shape)} + (V,); se recibió "
            f"{tuple(logits.shape)}."
        )
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), objetivos.reshape(-1))


def bits_por_caracter(perdida_nats: float) -> float:
    """Convierte una entropía cruzada media en *nats* a bits por carácter: ``perdida / ln 2``.

    Examples
    --------
    >>> bits_por_caracter(math.log(2))
    1.0
    >>> bits_por_caracter(math.log(64))
    6.0
    """
    return _v.real_positivo(
        "perdida_nats", perdida_nats, permitir_cero=True
    ) / math.log(2)


def lineas_base_bpc(datos: DatosCaracteres) -> dict[str, float]:
    """Bits por carácter de validación de dos modelos sin memoria.

    * ``"uniforme"``: todos los caracteres del vocabulario igual de probables,
      :math:`\\log_2 V`.
    * ``"unigrama"``: cada carácter con su frecuencia en entrenamiento (más uno,
      suavizado de Laplace, para que ninguno tenga probabilidad 0), sin mirar
      el contexto. Es la entropía cruzada de validación de ese modelo.

    Un modelo de caracteres que no baje de la unigrama no ha aprendido nada
    del **orden**.

    Returns
    -------
    dict
        ``{"uniforme": float, "unigrama": float}`` en bits por carácter.

    Examples
    --------
    >>> d = preparar_datos_caracteres("ab" * 100, longitud_secuencia=4, fraccion_validacion=0.2)
    >>> b = lineas_base_bpc(d)
    >>> round(b["uniforme"], 3), round(b["unigrama"], 2)  # V = 3 con el desconocido
    (1.585, 1.01)
    """
    V = len(datos.vocabulario)
    cuentas = (
        torch.bincount(datos.ids_entrenamiento, minlength=V).double() + 1.0
    )  # (V,)
    log_p = torch.log2(cuentas / cuentas.sum())  # (V,)
    objetivos = datos.validacion[1].reshape(
        -1
    )  # los mismos caracteres que puntúa el modelo
    return {"uniforme": math.log2(V), "unigrama": float(-log_p[objetivos].mean())}


def entrenar_caracteres(
    modelo: LSTMCaracteres,
    datos: DatosCaracteres,
    *,
    epocas: int | None = None,
    tam_lote: int | None = None,
    lr: float | None = None,
    semilla: int = 0,
    dispositivo="auto",
    progreso: bool | None = None,
) -> Historial:
    """Entrena ``modelo`` con :func:`rnnbook.entrenar` y :func:`perdida_caracteres`.

    Adam, recorte del gradiente por norma global y fragmentos barajados en
    cada época (el orden de los fragmentos no importa: cada uno empieza desde
    el estado cero). Los valores por defecto son los de
    :data:`~rnnbook.experimentos.generacion.HIPERPARAMETROS_CARACTERES`. La pérdida del historial está en
    *nats*; :func:`bits_por_caracter` la pasa a bits.

    Returns
    -------
    Historial
    """
    if not isinstance(modelo, LSTMCaracteres):
        raise TypeError(
            f"modelo debe ser un LSTMCaracteres; se recibió {type(modelo).__name__}."
        )
    if not isinstance(datos, DatosCaracteres):
        raise TypeError(
            f"datos debe ser un DatosCaracteres; se recibió {type(datos).__name__}."
        )
    if modelo.hiperparametros["tam_vocab"] != len(datos.vocabulario):
        raise ValueError(
            f"El modelo espera un vocabulario de {modelo.hiperparametros['tam_vocab']} símbolos y "
            f"el de los datos tiene {len(datos.vocabulario)}."
        )
    hp = HIPERPARAMETROS_CARACTERES
    return entrenar(
        modelo,
        datos.entrenamiento,
        datos.validacion,
        perdida=perdida_caracteres,
        epocas=hp["epocas"] if epocas is None else epocas,
        tam_lote=hp["tam_lote"] if tam_lote is None else tam_lote,
        lr=hp["lr"] if lr is None else lr,
        recorte_gradiente=hp["recorte_gradiente"],
        semilla=semilla,
        dispositivo=dispositivo,
        progreso=progreso,
    )


def bpc_validacion(
    modelo: LSTMCaracteres, datos: DatosCaracteres, dispositivo="auto"
) -> float:
    """Bits por carácter del modelo en los fragmentos de validación (modo ``eval()``, sin gradientes)."""
    res = evaluar(
        modelo, datos.validacion, perdida=perdida_caracteres, dispositivo=dispositivo
    )
    return bits_por_caracter(res["perdida"])


# ================================================================================ muestreo
def _validar_logits(logits) -> torch.Tensor:
    if (
        not isinstance(logits, torch.Tensor)
        or not logits.is_floating_point()
        or logits.ndim < 1
    ):
        raise TypeError("logits debe ser un tensor real de forma (..., V).")
    if logits.shape[-1] < 1:
        raise ValueError("logits debe tener al menos un símbolo en el último eje.")
    return logits


def validar_top_k(top_k) -> int | None:
    if top_k is None:
        return None
    return _v.entero_positivo("top_k", top_k)


def probabilidades(
    logits: torch.Tensor, temperatura: float = 1.0, top_k: int | None = None
) -> torch.Tensor:
    """Distribución del siguiente símbolo: ``softmax(logits / temperatura)``, opcionalmente solo sobre los k mejores.

    Parameters
    ----------
    logits : Tensor de forma (..., V)
    temperatura : float
        > 0. Menor que 1 afila la distribución (en el límite, el *argmax*);
        mayor que 1 la aplana (en el límite, la uniforme).
    top_k : int, opcional
        Si se da, los símbolos fuera de los ``top_k`` *logits* más altos
        reciben probabilidad 0 y el resto se renormaliza. Con ``top_k >= V``
        no se descarta nada.

    Returns
    -------
    Tensor de forma (..., V), float64
        Suma 1 en el último eje.

    Notes
    -----
    .. math::

       p_i = \\frac{\\exp\\big((z_i - \\max_j z_j)/\\tau\\big)}
                  {\\sum_k \\exp\\big((z_k - \\max_j z_j)/\\tau\\big)}

    Restar el máximo no cambia el resultado y evita desbordamientos: con
    :math:`\\tau` diminuta el mejor símbolo vale :math:`e^0 = 1` y los demás
    :math:`e^{-\\infty} = 0`. Si varios empatan en el máximo (o en el
    k-ésimo puesto), se reparten la probabilidad (o entran todos).

    Examples
    --------
    >>> z = torch.tensor([2.0, 1.0, 0.0])
    >>> probabilidades(z).round(decimals=3).tolist()
    [0.665, 0.245, 0.09]
    >>> probabilidades(z, temperatura=1e-6).tolist()
    [1.0, 0.0, 0.0]
    >>> probabilidades(z, top_k=2).round(decimals=3).tolist()
    [0.731, 0.269, 0.0]
    """
    logits = _validar_logits(logits).double()
    temperatura = _v.real_positivo("temperatura", temperatura)
    top_k = validar_top_k(top_k)
    z = logits - logits.max(dim=-1, keepdim=True).values  # (..., V), máximo 0
    z = z / temperatura
    if top_k is not None and top_k < z.shape[-1]:
        umbral = torch.topk(z, top_k, dim=-1).values[
            ..., -1:
        ]  # (..., 1), el k-ésimo mayor
        z = z.masked_fill(z < umbral, -math.inf)
    return torch.softmax(z, dim=-1)


def muestrear(
    logits: torch.Tensor,
    temperatura: float = 1.0,
    top_k: int | None = None,
    generador: torch.Generator | None = None,
) -> int:
    """Índice muestreado de :func:`probabilidades` (``logits / temperatura``, *top-k*).

    El sorteo se hace en la CPU con ``generador``: con el mismo generador
    sembrado, el mismo índice, esté el modelo en la CPU o en la GPU.

    Parameters
    ----------
    logits : Tensor de forma (V,)
    temperatura : float
    top_k : int, opcional
    generador : torch.Generator (de CPU), opcional

    Returns
    -------
    int

    Examples
    --------
    >>> g = torch.Generator().manual_seed(0)
    >>> z = torch.tensor([2.0, 1.0, 0.0])
    >>> [muestrear(z, 0.1, generador=g) for _ in range(5)]
    [0, 0, 0, 0, 0]
    >>> sorted({muestrear(z, 1.0, top_k=2, generador=g) for _ in range(200)})
    [0, 1]
    """
    if isinstance(logits, torch.Tensor) and logits.ndim != 1:
        raise ValueError(
            f"logits debe tener forma (V,); se recibió {tuple(logits.shape)}."
        )
    if generador is not None and (
        not isinstance(generador, torch.Generator) or generador.device.type != "cpu"
    ):
        raise TypeError("generador debe ser un torch.Generator de CPU.")
    p = probabilidades(logits, temperatura, top_k).cpu()  # (V,)
    return int(torch.multinomial(p, 1, generator=generador))


@torch.no_grad()
def generar_texto(
    modelo: LSTMCaracteres,
    vocabulario: Vocabulario,
    inicio: str,
    longitud: int = 500,
    temperatura: float = 1.0,
    top_k: int | None = None,
    semilla: int = 0,
) -> str:
    """Genera ``longitud`` caracteres que continúan ``inicio``.

    1. El texto inicial pasa entero por la red: su estado :math:`(h, C)`
       resume el contexto y el último paso da los *logits* del primer
       carácter nuevo.
    2. Se muestrea un carácter (:func:`muestrear`), se le da a la red como
       siguiente entrada **conservando** :math:`(h, C)` y se repite.

    El símbolo :data:`~rnnbook.datos.caracteres.DESCONOCIDO` nunca se genera (su probabilidad se anula);
    en ``inicio`` sí se admiten caracteres desconocidos.

    Parameters
    ----------
    modelo : LSTMCaracteres
        Se usa en modo ``eval()`` (se restaura el modo anterior al terminar)
        y en su dispositivo.
    vocabulario : Vocabulario
    inicio : str
        Texto inicial, no vacío.
    longitud : int
        Caracteres que generar.
    temperatura : float
        > 0; véase :func:`probabilidades`.
    top_k : int, opcional
    semilla : int
        Semilla del generador propio del sorteo: la misma semilla da el mismo
        texto.

    Returns
    -------
    str
        Solo los caracteres generados (sin ``inicio``).

    Examples
    --------
    >>> voc = Vocabulario("abc")
    >>> m = LSTMCaracteres(len(voc), dim_embedding=4, hidden_size=8)
    >>> a = generar_texto(m, voc, "ab", longitud=20, semilla=3)
    >>> len(a), a == generar_texto(m, voc, "ab", longitud=20, semilla=3), DESCONOCIDO in a
    (20, True, False)
    """
    if not isinstance(modelo, LSTMCaracteres):
        raise TypeError(
            f"modelo debe ser un LSTMCaracteres; se recibió {type(modelo).__name__}."
        )
    if not isinstance(vocabulario, Vocabulario):
        raise TypeError(
            f"vocabulario debe ser un Vocabulario; se recibió {type(vocabulario).__name__}."
        )
    if len(vocabulario) != modelo.hiperparametros["tam_vocab"]:
        raise ValueError(
            f"El modelo espera un vocabulario de {modelo.hiperparametros['tam_vocab']} símbolos y "
            f"se recibió uno de {len(vocabulario)}."
        )
    if not isinstance(inicio, str) or not inicio:
        raise ValueError(
            "inicio debe ser un texto no vacío: la red necesita al menos un carácter del que partir."
        )
    longitud = _v.entero_positivo("longitud", longitud)
    temperatura = _v.real_positivo("temperatura", temperatura)
    top_k = validar_top_k(top_k)
    semilla = _v.entero_positivo("semilla", semilla, minimo=0)
    generador = torch.Generator().manual_seed(semilla)
    dispositivo = next(modelo.parameters()).device
    estaba_entrenando = modelo.training
    modelo.eval()
    try:
        x = vocabulario.codificar(inicio).unsqueeze(0).to(dispositivo)  # (1, L)
        logits, estado = modelo.avanzar(
            x
        )  # (1, L, V), calentamiento con el texto inicial
        nuevos = []
        for _ in range(longitud):
            z = logits[0, -1].float().cpu().clone()  # (V,)
            z[0] = -math.inf  # nunca DESCONOCIDO
            i = muestrear(z, temperatura, top_k, generador)
            nuevos.append(i)
            logits, estado = modelo.avanzar(
                torch.tensor([[i]], device=dispositivo), estado
            )  # (1, 1, V)
    finally:
        modelo.train(estaba_entrenando)
    return vocabulario.decodificar(nuevos)


def estadisticas_muestra(texto: str, corpus: str) -> dict[str, float]:
    """Dos medidas sencillas de un texto generado frente al corpus.

    * ``"palabras_del_corpus"``: fracción de sus palabras (secuencias de
      letras) que aparecen en el corpus. Mide la **ortografía**.
    * ``"palabras_distintas"``: palabras distintas / palabras. Mide la
      **variedad**: baja cuando el texto se repite.

    Examples
    --------
    >>> estadisticas_muestra("la red la red xq", "la red recurrente")
    {'palabras_del_corpus': 0.8, 'palabras_distintas': 0.6, 'palabras': 5}
    """
    if not isinstance(texto, str) or not isinstance(corpus, str):
        raise TypeError("texto y corpus deben ser str.")
    palabras = re.findall(r"[^\W\d_]+", texto.lower())
    conocidas = set(re.findall(r"[^\W\d_]+", corpus.lower()))
    n = len(palabras)
    return {
        "palabras_del_corpus": sum(p in conocidas for p in palabras) / n if n else 0.0,
        "palabras_distintas": len(set(palabras)) / n if n else 0.0,
        "palabras": n,
    }


# ============================================================================== checkpoint
def guardar_generador(
    modelo: LSTMCaracteres, vocabulario: Vocabulario, carpeta, **extra
) -> dict[str, Path]:
    """Guarda pesos, vocabulario e hiperparámetros para generar texto sin reentrenar.

    :func:`rnnbook.cargar_modelo` lee los pesos con ``weights_only=True`` (sin
    ejecutar código del archivo), así que solo guarda tensores: el vocabulario
    y los hiperparámetros, necesarios para reconstruir el modelo, van aparte,
    en un JSON legible.

    Parameters
    ----------
    modelo : LSTMCaracteres
    vocabulario : Vocabulario
    carpeta : str o pathlib.Path
        Se crea si no existe.
    **extra
        Datos serializables en JSON que guardar también (p. ej. las métricas).

    Returns
    -------
    dict
        ``{"pesos": ruta .pth, "configuracion": ruta .json}``.
    """
    if not isinstance(modelo, LSTMCaracteres):
        raise TypeError(
            f"modelo debe ser un LSTMCaracteres; se recibió {type(modelo).__name__}."
        )
    if not isinstance(vocabulario, Vocabulario):
        raise TypeError(
            f"vocabulario debe ser un Vocabulario; se recibió {type(vocabulario).__name__}."
        )
    carpeta = Path(carpeta)
    pesos = guardar_modelo(modelo, carpeta / ARCHIVO_PESOS)
    configuracion = carpeta / ARCHIVO_CONFIGURACION
    contenido = {
        "formato": "rnnbook.generador_caracteres/1",
        "hiperparametros": modelo.hiperparametros,
        "vocabulario": vocabulario.a_dict(),
        **extra,
    }
    configuracion.write_text(
        json.dumps(contenido, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return {"pesos": pesos, "configuracion": configuracion}


def cargar_generador(carpeta, dispositivo="auto") -> tuple[LSTMCaracteres, Vocabulario]:
    """Reconstruye el modelo y el vocabulario guardados con :func:`guardar_generador`.

    Returns
    -------
    modelo : LSTMCaracteres
        Con los pesos cargados, en ``dispositivo`` y en modo ``eval()``.
    vocabulario : Vocabulario

    Raises
    ------
    ValueError
        Si falta algún archivo, el JSON no es válido o los pesos no
        corresponden a los hiperparámetros.

    Examples
    --------
    >>> import tempfile
    >>> voc = Vocabulario("abc"); m = LSTMCaracteres(len(voc), hidden_size=8)
    >>> carpeta = tempfile.mkdtemp()
    >>> _ = guardar_generador(m, voc, carpeta)
    >>> m2, voc2 = cargar_generador(carpeta, dispositivo="cpu")
    >>> voc2 == voc, bool(torch.equal(m2.salida.weight, m.salida.weight))
    (True, True)
    """
    carpeta = Path(carpeta)
    configuracion = carpeta / ARCHIVO_CONFIGURACION
    if not configuracion.is_file():
        raise ValueError(
            f"No existe {str(configuracion)!r}: la carpeta no contiene un generador guardado "
            f"con guardar_generador (o con «rnnbook generar --salida»)."
        )
    try:
        contenido = json.loads(configuracion.read_text(encoding="utf-8"))
        hp = dict(contenido["hiperparametros"])
        vocabulario = Vocabulario.desde_dict(contenido["vocabulario"])
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{str(configuracion)!r} no es una configuración de generador válida: JSON "
            f"mal formado en la línea {exc.lineno}, columna {exc.colno}."
        ) from None
    except UnicodeDecodeError:
        raise ValueError(
            f"{str(configuracion)!r} no es una configuración de generador válida: "
            "no es texto UTF-8."
        ) from None
    except KeyError as exc:
        raise ValueError(
            f"{str(configuracion)!r} no es una configuración de generador válida: "
            f"falta la clave {exc.args[0]!r}."
        ) from None
    except TypeError:
        raise ValueError(
            f"{str(configuracion)!r} no es una configuración de generador válida: "
            "algún campo no tiene el tipo esperado."
        ) from None
    if hp.get("tam_vocab") != len(vocabulario):
        raise ValueError(
            f"{str(configuracion)!r}: tam_vocab={hp.get('tam_vocab')} no coincide con el vocabulario "
            f"guardado ({len(vocabulario)} símbolos)."
        )
    try:
        modelo = LSTMCaracteres(**hp)
    except TypeError as exc:
        raise ValueError(
            f"{str(configuracion)!r}: hiperparámetros no válidos: {exc}"
        ) from None
    cargar_modelo(carpeta / ARCHIVO_PESOS, modelo)
    modelo.to(elegir_dispositivo(dispositivo)).eval()
    return modelo, vocabulario
