"""Las figuras que nombra la guía, regeneradas desde la línea de órdenes."""

__all__: list[str] = []
