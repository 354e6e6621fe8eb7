"""Doctests del paquete: cada ejemplo ve los nombres públicos de ``rnnbook``.

Antes de repartir el paquete en subpaquetes, cada docstring veía los nombres de
su módulo plano. Ahora un ejemplo de ``rnnbook.modelos`` puede usar un
constructor de ``rnnbook.datos``: se le ofrecen todos los nombres públicos (de
la portada y de cada subpaquete), además de ``np`` y ``torch``.
"""

import numpy as np
import pytest
import torch


@pytest.fixture(autouse=True)
def _espacio_doctest(doctest_namespace):
    import rnnbook
    from rnnbook import datos, desde_cero, experimentos, figuras, libro, modelos

    for modulo in (datos, desde_cero, modelos, experimentos, figuras, libro, rnnbook):
        doctest_namespace.update({n: getattr(modulo, n) for n in modulo.__all__})
    doctest_namespace.update(np=np, torch=torch)
