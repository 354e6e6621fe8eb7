"""Cómo publica cada subpaquete los nombres de sus módulos."""

from importlib import import_module


def exportar(paquete: str, modulos: tuple[str, ...], espacio: dict) -> list[str]:
    """Importa ``modulos`` de ``paquete`` y copia sus nombres públicos en ``espacio``.

    Parameters
    ----------
    paquete : str
        Nombre completo del subpaquete (su ``__name__``).
    modulos : tuple de str
        Sus módulos, en orden de lectura.
    espacio : dict
        El ``globals()`` del ``__init__`` del subpaquete.

    Returns
    -------
    list de str
        La unión de los ``__all__`` de los módulos: el ``__all__`` del subpaquete.
    """
    nombres: list[str] = []
    for nombre in modulos:
        modulo = import_module(f".{nombre}", paquete)
        espacio.update({n: getattr(modulo, n) for n in modulo.__all__})
        nombres += modulo.__all__
    return nombres
