"""rnnbook: redes neuronales recurrentes desde cero y con PyTorch.

El paquete que acompaña al libro ejecutable *Redes neuronales recurrentes,
LSTM y secuencias*. Sus subpaquetes son las capas del libro:

* :mod:`rnnbook.desde_cero` — celdas RNN, LSTM y GRU en NumPy, BPTT (completa y
  truncada) y su verificación contra PyTorch y por diferencias finitas;
* :mod:`rnnbook.datos` — las tareas y conjuntos de datos, con semilla;
* :mod:`rnnbook.modelos` — los ``nn.Module`` del libro y sus conteos de parámetros;
* :mod:`rnnbook.entrenamiento` — el único motor de entrenamiento (CPU o CUDA);
* :mod:`rnnbook.experimentos` — lo que ejecutan las partes y los ejercicios;
* :mod:`rnnbook.figuras` — las figuras, con un solo estilo;
* :mod:`rnnbook.cli` — la línea de órdenes (``python -m rnnbook``).

Desde ``rnnbook`` se importan los nombres que escribe un lector, los de la guía
del laboratorio entre ellos::

    from rnnbook import CeldaRNN, RNN_BPTT, CeldaLSTM, SentimentLSTM, entrenar

El resto se importa desde su subpaquete, p. ej.
``from rnnbook.figuras import figura_convergencia_bptt``.
"""

# Los subpaquetes quedan como atributos (``rnnbook.figuras.figura_...``).
from . import (  # noqa: F401
    datos,
    desde_cero,
    entorno,
    entregables,
    entrenamiento,
    experimentos,
    figuras,
    libro,
    modelos,
)
from .datos.long_range import crear_tarea_long_range
from .datos.sentimiento import SentimentDataset
from .datos.series import crear_dataset_ventana, generar_serie_sinusoide
from .desde_cero.comprobacion import error_relativo, gradiente_numerico
from .desde_cero.gru import CeldaGRU
from .desde_cero.lstm import CeldaLSTM, sigmoid
from .desde_cero.rnn import RNN_BPTT, CeldaRNN, RNN_ManyToMany, RNN_ManyToOne
from .entorno import describir_dispositivo, elegir_dispositivo, fijar_semilla, hilos_cpu
from .entrenamiento import (
    Historial,
    cargar_modelo,
    entrenar,
    evaluar,
    exactitud,
    guardar_modelo,
    predecir,
)
from .experimentos.gradiente import simular_flujo_gradiente
from .modelos.bilstm import BiLSTMClassifier
from .modelos.fabrica import crear_modelo_recurrente
from .modelos.parametros import (
    contar_parametros,
    contar_parametros_lstm,
    contar_parametros_rnn,
    contar_parametros_torch,
)
from .modelos.sentimiento import SentimentLSTM
from .modelos.seq2seq import Decoder, Encoder, Seq2Seq
from .modelos.series import GRUSeriesPredictor, LSTMSeriesPredictor

__version__ = "0.1.0"

__all__ = [
    # Parte 1: RNN desde cero (guía §1)
    "CeldaRNN",
    "RNN_ManyToOne",
    "RNN_ManyToMany",
    "RNN_BPTT",
    # Parte 2: gradiente, LSTM y GRU desde cero (guía §2)
    "simular_flujo_gradiente",
    "crear_tarea_long_range",
    "sigmoid",
    "CeldaLSTM",
    "CeldaGRU",
    "contar_parametros",
    "contar_parametros_rnn",
    "contar_parametros_lstm",
    "contar_parametros_torch",
    "gradiente_numerico",
    "error_relativo",
    # Parte 3: aplicaciones con PyTorch (guía §3)
    "SentimentDataset",
    "SentimentLSTM",
    "generar_serie_sinusoide",
    "crear_dataset_ventana",
    "LSTMSeriesPredictor",
    "GRUSeriesPredictor",
    # Parte 4: arquitecturas avanzadas (guía §4)
    "BiLSTMClassifier",
    "Encoder",
    "Decoder",
    "Seq2Seq",
    "crear_modelo_recurrente",
    # El motor de entrenamiento y el dispositivo
    "entrenar",
    "evaluar",
    "predecir",
    "exactitud",
    "Historial",
    "guardar_modelo",
    "cargar_modelo",
    "elegir_dispositivo",
    "describir_dispositivo",
    "fijar_semilla",
    "hilos_cpu",
]
