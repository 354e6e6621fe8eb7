"""Constructores de datos sintéticos y reales (y el corpus del libro).

Cada tarea del laboratorio tiene aquí su generador con semilla: sentimiento con
negación, series temporales, dependencias largas, dígitos para seq2seq, eco con
retardo, signo de la suma… Ninguno descarga nada: todo se genera o viene instalado.
"""

from ..subpaquetes import exportar

#: Los módulos del subpaquete, en orden de lectura. Añadir uno es añadirlo aquí.
MODULOS = (
    "caracteres",
    "digitos",
    "eco",
    "elnino",
    "long_range",
    "pista_inicial",
    "resumen",
    "sentimiento",
    "series",
    "signo_suma",
    "skipgram",
    "vectores_texto",
)

__all__ = exportar(__name__, MODULOS, globals())
