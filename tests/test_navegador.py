"""El libro en un navegador real, sin red: Chromium sin interfaz.

Se sirve ``_build/html`` en ``127.0.0.1`` y se controla Chromium con su
protocolo DevTools (CDP) a través de un WebSocket escrito con la biblioteca
estándar, sin Selenium ni ChromeDriver. En **todas** las páginas del libro se
comprueba que:

- MathJax, servido desde el propio sitio (``_static/mathjax/``), compone todas
  las fórmulas (cada ``.math`` contiene un ``mjx-container``), ninguna da error
  y ninguna de sus fuentes WOFF falla al cargarse;
- todas las imágenes se cargan (``naturalWidth > 0``);
- la consola no registra errores ni excepciones, y ninguna petición falla;
- el texto visible no contiene frases de la interfaz en inglés;
- axe-core (``package.json``; ``npm ci`` lo instala en ``node_modules/``) no
  encuentra ninguna infracción de las reglas WCAG 2.0 y 2.1, niveles A y AA,
  con el tema claro; con el oscuro se repiten las reglas de contraste. El
  informe queda en ``artefactos/accesibilidad.json``.

La edición inglesa (``_build/html/en``, con su propio ``_static``) se mira en
una muestra de páginas (portada, un ejemplo con fórmulas, la API y el glosario)
con las mismas comprobaciones, en inglés: ``lang="en"`` y ninguna frase de la
interfaz en español. El enlace de cambio de idioma (``a.rnnbook-idioma``) se
sigue con un clic y el JavaScript desactivado: lleva a la misma página en el
otro idioma, con las mismas secciones.

Algunas páginas se miran además en un móvil (390 px de ancho: nada se desborda
en horizontal, las tablas anchas se desplazan dentro de su caja) y se hace una
búsqueda. Las capturas de pantalla quedan en ``artefactos/capturas/``.

Sin red: la única petición permitida es al servidor local; cualquier otra se
bloquea (dominio ``Fetch`` del protocolo) y cuenta como error, y además
Chromium no resuelve ningún otro nombre de máquina. Algunas páginas se abren
también **desde el disco** (``file://``) con la red desactivada
(``Network.emulateNetworkConditions``), como las abriría quien descarga el
sitio: las fórmulas se componen igual, porque Chromium carga desde ``file://``
los scripts que MathJax añade a la página y las fuentes WOFF de
``_static/mathjax/output/chtml/fonts/woff-v2/`` (véase
``test_pagina_desde_el_disco``).
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from functools import cache, partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import RAIZ, omitir_o_fallar

sys.path.insert(0, str(RAIZ / "docs" / "_ext"))
from libro_pdf import ErrorPDF, buscar_chromium

pytestmark = pytest.mark.navegador

CAPTURAS = RAIZ / "artefactos" / "capturas"
INFORME_AXE = RAIZ / "artefactos" / "accesibilidad.json"
AXE = RAIZ / "node_modules" / "axe-core"
# Reglas de axe-core que se aplican: WCAG 2.0 y 2.1, niveles A y AA.
ETIQUETAS_WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BANDERAS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--mute-audio",
    # Sin red: ningún nombre de máquina se resuelve salvo el servidor local (las
    # peticiones externas ya se bloquean antes, en visitar(); esto es la red de abajo).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    # Como hace Puppeteer: que una pestaña que Chromium considere en segundo plano no
    # frene sus temporizadores ni su renderizado.
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
ESCRITORIO = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
MOVIL = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}

# Frases de la interfaz (tema, Sphinx, sphinx-gallery) que no deben verse en inglés.
INTERFAZ_EN_INGLES = [
    "Skip to main content",
    "Back to top",
    "On this page",
    "previous page",
    "next page",
    "Contents",
    "Search...",
    "Search the docs",
    "Copyright",
    "Last updated",
    "Download source",
    "Toggle navigation",
    "By the",
    "Go to the end",
    "Download Jupyter notebook",
]
# Y al revés: las que la edición española escribe y la inglesa no debe mostrar (el
# código y sus salidas siguen en español, así que solo frases propias de la interfaz).
INTERFAZ_EN_ESPANOL = [
    "Saltar al contenido principal",
    "Volver arriba",
    "En esta página",
    "Buscar en el libro",
    "Ir al final",
    "Descargar el cuaderno",
    "Descargar el código",
    "Descargar el libro",
    "Tiempo total de ejecución",
    "Galería generada",
    "Ejemplos que usan",
    "Esta página en",
    "Abrir en Colab",
    "Tipo del valor devuelto",
    "Navegación del sitio",
    "Advertencia de versión",
]


# ----------------------------------------------------------------- WebSocket mínimo
class ConexionCDP:
    """Cliente WebSocket (RFC 6455) mínimo para el protocolo DevTools de Chromium.

    Solo lo necesario: tramas de texto enmascaradas hacia el servidor, tramas
    sin máscara de vuelta (con fragmentación, *ping* y cierre).
    """

    def __init__(self, url_ws: str, plazo: float = 300.0):
        partes = urlsplit(url_ws)
        self.sock = socket.create_connection(
            (partes.hostname, partes.port), timeout=plazo
        )
        clave = base64.b64encode(os.urandom(16)).decode()
        peticion = (
            f"GET {partes.path} HTTP/1.1\r\nHost: {partes.hostname}:{partes.port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {clave}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(peticion.encode())
        respuesta = b""
        while b"\r\n\r\n" not in respuesta:
            trozo = self.sock.recv(4096)
            if not trozo:
                raise ConnectionError(
                    "Chromium cerró la conexión durante el saludo WebSocket."
                )
            respuesta += trozo
        cabecera, self._resto = respuesta.split(b"\r\n\r\n", 1)
        if b" 101 " not in cabecera.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"Saludo WebSocket rechazado: {cabecera[:200]!r}")
        self._id = 0
        self.eventos: list[dict] = []
        self.manejadores: dict[str, callable] = {}

    # -- tramas
    def _leer(self, n: int) -> bytes:
        datos = self._resto[:n]
        self._resto = self._resto[n:]
        while len(datos) < n:
            trozo = self.sock.recv(max(65536, n - len(datos)))
            if not trozo:
                raise ConnectionError("Chromium cerró la conexión.")
            datos += trozo
        if len(datos) > n:
            self._resto = datos[n:] + self._resto
            datos = datos[:n]
        return datos

    def _enviar_trama(self, carga: bytes, opcode: int = 0x1) -> None:
        cabecera = bytearray([0x80 | opcode])
        n = len(carga)
        if n < 126:
            cabecera.append(0x80 | n)
        elif n < 1 << 16:
            cabecera.append(0x80 | 126)
            cabecera += struct.pack("!H", n)
        else:
            cabecera.append(0x80 | 127)
            cabecera += struct.pack("!Q", n)
        mascara = os.urandom(4)
        enmascarada = bytes(b ^ mascara[i % 4] for i, b in enumerate(carga))
        self.sock.sendall(bytes(cabecera) + mascara + enmascarada)

    def _recibir_mensaje(self) -> str:
        partes = []
        while True:
            b0, b1 = self._leer(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._leer(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._leer(8))[0]
            mascara = self._leer(4) if b1 & 0x80 else None
            carga = self._leer(n)
            if mascara:
                carga = bytes(b ^ mascara[i % 4] for i, b in enumerate(carga))
            if opcode == 0x9:  # ping → pong
                self._enviar_trama(carga, 0xA)
                continue
            if opcode == 0xA:
                continue
            if opcode == 0x8:
                raise ConnectionError("Chromium cerró el WebSocket.")
            partes.append(carga)
            if b0 & 0x80:
                return b"".join(partes).decode("utf-8")

    # -- protocolo
    def _despachar(self, mensaje: dict) -> None:
        self.eventos.append(mensaje)
        manejador = self.manejadores.get(mensaje["method"])
        if manejador:
            manejador(mensaje.get("params", {}))

    def notificar(self, metodo: str, **parametros) -> None:
        """Envía una orden sin esperar su respuesta."""
        self._id += 1
        self._enviar_trama(
            json.dumps(
                {"id": self._id, "method": metodo, "params": parametros}
            ).encode()
        )

    def orden(self, metodo: str, plazo: float = 60.0, **parametros) -> dict:
        """Envía una orden y devuelve su resultado, atendiendo los eventos mientras tanto."""
        self._id += 1
        mi_id = self._id
        self._enviar_trama(
            json.dumps({"id": mi_id, "method": metodo, "params": parametros}).encode()
        )
        limite = time.monotonic() + plazo
        while time.monotonic() < limite:
            mensaje = json.loads(self._recibir_mensaje())
            if "method" in mensaje:
                self._despachar(mensaje)
            elif mensaje.get("id") == mi_id:
                if "error" in mensaje:
                    raise RuntimeError(f"{metodo}: {mensaje['error']}")
                return mensaje.get("result", {})
        raise TimeoutError(f"Sin respuesta de Chromium a {metodo} en {plazo} s.")

    def esperar_evento(self, metodo: str, plazo: float = 60.0) -> dict:
        limite = time.monotonic() + plazo
        while time.monotonic() < limite:
            mensaje = json.loads(self._recibir_mensaje())
            if "method" in mensaje:
                self._despachar(mensaje)
                if mensaje["method"] == metodo:
                    return mensaje.get("params", {})
        raise TimeoutError(f"Chromium no emitió {metodo} en {plazo} s.")

    def cerrar(self) -> None:
        try:
            self._enviar_trama(b"", 0x8)
        finally:
            self.sock.close()


# ------------------------------------------------------------------------ fixtures
class _Manejador(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # silencio: pytest ya informa de lo que importa
        pass


@pytest.fixture(scope="module")
def servidor(libro_construido):
    """URL base de ``_build/html`` servido en 127.0.0.1 (puerto libre)."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_Manejador, directory=str(libro_construido))
    )
    hilo = threading.Thread(target=httpd.serve_forever, daemon=True)
    hilo.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@cache
def _codigo_axe() -> str | None:
    """Código de axe-core (``node_modules/``, instalado con ``npm ci``), en español."""
    fuente = AXE / "axe.min.js"
    if not fuente.is_file():
        return None
    locale = json.loads((AXE / "locales" / "es.json").read_text(encoding="utf-8"))
    return (
        fuente.read_text(encoding="utf-8")
        + f"\n;axe.configure({{locale: {json.dumps(locale)}}});"
    )


@pytest.fixture(scope="module")
def axe() -> str:
    """axe-core; sin él, la prueba se omite (en la integración continua, falla)."""
    codigo = _codigo_axe()
    if codigo is None:
        omitir_o_fallar(f"falta axe-core en {AXE}: ejecuta «npm ci» en la raíz")
    return codigo


@pytest.fixture(scope="module")
def chromium():
    """Puerto DevTools de un Chromium sin interfaz con un perfil nuevo y vacío."""
    try:  # la misma búsqueda que usa el PDF del libro
        ejecutable = buscar_chromium()
    except ErrorPDF as e:
        omitir_o_fallar(str(e))
    perfil = Path(tempfile.mkdtemp(prefix="rnnbook-chromium-"))
    proceso = subprocess.Popen(
        [
            ejecutable,
            *BANDERAS,
            f"--user-data-dir={perfil}",
            "--remote-debugging-port=0",
            "--remote-allow-origins=*",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    archivo_puerto = perfil / "DevToolsActivePort"
    limite = time.monotonic() + 60
    while not archivo_puerto.is_file() or not archivo_puerto.read_text().strip():
        if proceso.poll() is not None or time.monotonic() > limite:
            proceso.kill()
            error = proceso.stderr.read().decode(errors="replace")[-2000:]
            shutil.rmtree(perfil, ignore_errors=True)
            pytest.fail(f"Chromium no arrancó:\n{error}")
        time.sleep(0.1)
    puerto = int(archivo_puerto.read_text().split()[0])
    yield puerto
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proceso.pid, 15)
    try:
        proceso.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proceso.pid, 9)
        proceso.wait()
    proceso.stderr.close()
    shutil.rmtree(perfil, ignore_errors=True)


# ------------------------------------------------------------------- visitar páginas
_ESPERAR_Y_MEDIR = r"""
(async () => {
  const pausa = ms => new Promise(r => setTimeout(r, ms));
  const fotograma = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const formulas = Array.from(document.querySelectorAll('.math'));
  if (formulas.length) {
    for (let i = 0; i < 600 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
      await pausa(50);
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  }
  const imagenes = Array.from(document.images);
  imagenes.forEach(i => { i.loading = 'eager'; });
  await Promise.all(imagenes.map(i => (i.complete && i.naturalWidth) ? null : new Promise(r => {
    i.addEventListener('load', r); i.addEventListener('error', r); setTimeout(r, 15000); })));
  // Las fuentes de MathJax se piden al dibujar las fórmulas compuestas.
  await fotograma();
  await document.fonts.ready;
  const fuentes = Array.from(document.fonts).filter(f => /^"?MJX/.test(f.family));
  const buscadores = Array.from(document.querySelectorAll('input[type=search], input[name=q]'));
  return {
    formulas: formulas.length,
    sin_componer: formulas.filter(f => !f.querySelector('mjx-container')).map(f => f.textContent.slice(0, 60)),
    errores_mathjax: document.querySelectorAll('mjx-merror').length,
    fuentes_mathjax: fuentes.filter(f => f.status === 'loaded').length,
    fuentes_fallidas: fuentes.filter(f => f.status === 'error').map(f => f.family),
    imagenes: imagenes.length,
    imagenes_rotas: imagenes.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.currentSrc || i.src),
    ancho_documento: document.documentElement.scrollWidth,
    ancho_ventana: window.innerWidth,
    texto: document.body.innerText,
    marcadores: buscadores.map(b => b.placeholder || ''),
    idioma: document.documentElement.lang,
  };
})()
"""

# axe-core con el tema claro (todas las reglas WCAG A y AA) y con el oscuro (las de
# contraste: lo único que cambia). __ETIQUETAS__ se sustituye por la lista.
_AXE = r"""
(async () => {
  const resumir = r => r.violations.map(v => ({
    regla: v.id, impacto: v.impact, ayuda: v.help, nodos: v.nodes.length,
    ejemplos: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
  }));
  const raiz = document.documentElement;
  const previo = raiz.dataset.theme;
  raiz.dataset.theme = 'light';
  const claro = await axe.run(document, {
    runOnly: {type: 'tag', values: __ETIQUETAS__}, resultTypes: ['violations'],
  });
  raiz.dataset.theme = 'dark';
  // Sin medir a mitad de una transición de colores del tema.
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  await Promise.race([
    Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
    new Promise(r => setTimeout(r, 2000)),
  ]);
  const oscuro = await axe.run(document, {
    runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']},
    resultTypes: ['violations'],
  });
  raiz.dataset.theme = previo;
  return [
    ...resumir(claro),
    ...resumir(oscuro).map(v => ({...v, regla: v.regla + ' (tema oscuro)'})),
  ];
})()
""".replace("__ETIQUETAS__", json.dumps(ETIQUETAS_WCAG))


def _pestana_nueva(puerto: int) -> tuple[ConexionCDP, str]:
    """Una pestaña nueva (``about:blank``) del Chromium que escucha en ``puerto``:
    la conexión y su identificador (para :func:`_cerrar_pestana`)."""
    peticion = urllib.request.Request(
        f"http://127.0.0.1:{puerto}/json/new?about:blank", method="PUT"
    )
    with urllib.request.urlopen(peticion, timeout=30) as r:
        destino = json.load(r)
    return ConexionCDP(destino["webSocketDebuggerUrl"]), destino["id"]


def _cerrar_pestana(puerto: int, cdp: ConexionCDP, pestana: str) -> None:
    cdp.cerrar()
    with urllib.request.urlopen(
        f"http://127.0.0.1:{puerto}/json/close/{pestana}", timeout=30
    ):
        pass


def visitar(
    puerto: int,
    url: str,
    dispositivo: dict,
    captura: str | None = None,
    accion_js: str | None = None,
    enfocar: str | None = None,
    axe: str | None = None,
) -> dict:
    """Abre ``url`` en una pestaña nueva y devuelve lo medido en la página, con sus errores.

    Solo se permiten las peticiones al origen de ``url`` (el servidor local o, con
    ``file://``, el disco, y entonces sin red ninguna); las demás se bloquean y se
    anotan en ``externas``; ``pedidas`` son todas las URL pedidas. Con ``axe`` (el
    código de axe-core), ``infracciones`` lleva lo que axe encuentra; con ``captura``,
    se guarda una captura con ese nombre.
    """
    cdp, pestana = _pestana_nueva(puerto)
    errores: list[str] = []
    externas: list[str] = []
    pedidas: list[str] = []
    desde_disco = url.startswith("file:")
    origen = (
        "file://" if desde_disco else "{0.scheme}://{0.netloc}/".format(urlsplit(url))
    )

    def permitida(url_pedida: str) -> bool:
        return url_pedida.startswith((origen, "data:", "blob:"))

    def peticion_enviada(p):
        url_pedida = p["request"]["url"]
        pedidas.append(url_pedida)
        if not permitida(url_pedida):
            externas.append(url_pedida)

    def peticion_en_pausa(p):
        if permitida(p["request"]["url"]):
            cdp.notificar("Fetch.continueRequest", requestId=p["requestId"])
        else:
            cdp.notificar(
                "Fetch.failRequest",
                requestId=p["requestId"],
                errorReason="BlockedByClient",
            )

    def consola(p):
        if p.get("type") in ("error", "assert"):
            texto = " ".join(
                str(a.get("value", a.get("description", ""))) for a in p.get("args", [])
            )
            errores.append(f"consola: {texto}")

    def excepcion(p):
        detalle = p.get("exceptionDetails", {})
        errores.append(
            f"excepción: {detalle.get('exception', {}).get('description') or detalle.get('text')}"
        )

    def registro(p):
        entrada = p.get("entry", {})
        if entrada.get("level") == "error":
            errores.append(f"registro: {entrada.get('text')} {entrada.get('url', '')}")

    def respuesta(p):
        if p["response"]["status"] >= 400:
            errores.append(f"HTTP {p['response']['status']}: {p['response']['url']}")

    def fallo_de_carga(p):
        if not p.get("canceled") and p.get("blockedReason") != "inspector":
            errores.append(f"carga fallida: {p.get('errorText')} ({p.get('type')})")

    cdp.manejadores.update(
        {
            "Network.requestWillBeSent": peticion_enviada,
            "Fetch.requestPaused": peticion_en_pausa,
            "Runtime.consoleAPICalled": consola,
            "Runtime.exceptionThrown": excepcion,
            "Log.entryAdded": registro,
            "Network.responseReceived": respuesta,
            "Network.loadingFailed": fallo_de_carga,
        }
    )
    resultado: dict = {}
    try:
        for dominio in ("Page", "Runtime", "Log", "Network"):
            cdp.orden(f"{dominio}.enable")
        cdp.orden("Fetch.enable", patterns=[{"urlPattern": "*"}])
        if desde_disco:  # como un aula sin internet: la red, desconectada
            cdp.orden(
                "Network.emulateNetworkConditions",
                offline=True,
                latency=0,
                downloadThroughput=-1,
                uploadThroughput=-1,
            )
        cdp.orden("Emulation.setDeviceMetricsOverride", **dispositivo)
        cdp.orden("Page.bringToFront")
        cdp.orden("Page.navigate", url=url)
        cdp.esperar_evento("Page.loadEventFired", plazo=120)
        accion = None
        if accion_js:
            accion = cdp.orden(
                "Runtime.evaluate",
                expression=accion_js,
                awaitPromise=True,
                returnByValue=True,
                plazo=120,
            )["result"].get("value")
        resultado = _evaluar(cdp, _ESPERAR_Y_MEDIR, url, plazo=180)
        medida = time.monotonic()
        resultado["accion"] = accion
        if axe:
            _evaluar(cdp, axe, url, promesa=False)
            resultado["infracciones"] = _evaluar(cdp, _AXE, url, plazo=180)
        if enfocar:  # la captura muestra este elemento (p. ej. la primera figura)
            desplazado = cdp.orden(
                "Runtime.evaluate",
                awaitPromise=True,
                returnByValue=True,
                expression=(
                    "(async () => { const e = document.querySelector("
                    + json.dumps(enfocar)
                    + ");"
                    " if (!e) return false; e.scrollIntoView({block: 'center'});"
                    " await new Promise(r => setTimeout(r, 300)); return true; })()"
                ),
            )
            assert desplazado["result"].get("value") is True, f"{url}: no hay {enfocar}"
        if captura:
            vista = cdp.orden(
                "Runtime.evaluate",
                returnByValue=True,
                expression=(
                    "({x: window.scrollX, y: window.scrollY, width: window.innerWidth,"
                    " height: window.innerHeight, scale: 1})"
                ),
            )["result"]["value"]
            imagen = cdp.orden(
                "Page.captureScreenshot", format="png", clip=vista, plazo=120
            )
            CAPTURAS.mkdir(parents=True, exist_ok=True)
            (CAPTURAS / f"{captura}.png").write_bytes(base64.b64decode(imagen["data"]))
        # Deja pasar los últimos mensajes de la consola antes de cerrar: 300 ms desde la
        # medida (axe suele tardar más, y entonces no se espera nada).
        resto = round(300 - 1000 * (time.monotonic() - medida))
        if resto > 0:
            cdp.orden(
                "Runtime.evaluate",
                expression=f"new Promise(r => setTimeout(r, {resto}))",
                awaitPromise=True,
            )
    finally:
        _cerrar_pestana(puerto, cdp, pestana)
    resultado["errores"] = errores
    resultado["externas"] = externas
    resultado["pedidas"] = pedidas
    return resultado


def _evaluar(cdp: ConexionCDP, codigo: str, url: str, **opciones):
    """Valor de ``codigo`` evaluado en la página (esperando su promesa)."""
    plazo = opciones.get("plazo", 60.0)
    respuesta = cdp.orden(
        "Runtime.evaluate",
        expression=codigo,
        awaitPromise=opciones.get("promesa", True),
        returnByValue=True,
        plazo=plazo,
    )
    if "exceptionDetails" in respuesta:
        detalle = respuesta["exceptionDetails"]
        raise RuntimeError(
            f"{url}: error al evaluar JavaScript: "
            f"{detalle.get('exception', {}).get('description') or detalle}"
        )
    return respuesta["result"].get("value")


def _problemas(
    resultado: dict,
    pagina: str,
    *,
    con_formulas: bool = False,
    con_imagenes: bool = False,
    idioma: str = "es",
) -> list[str]:
    """Lo que falla en una página visitada (lista vacía si nada) de la edición ``idioma``."""
    problemas = []
    if resultado["idioma"] != idioma:
        problemas.append(f"idioma {resultado['idioma']!r} en vez de {idioma!r}")
    if resultado["errores"]:
        problemas.append(
            "errores en el navegador:\n  " + "\n  ".join(resultado["errores"])
        )
    if resultado["externas"]:
        problemas.append(f"peticiones fuera del sitio: {resultado['externas']}")
    if con_formulas and not resultado["formulas"]:
        problemas.append("se esperaban fórmulas")
    if resultado["sin_componer"]:
        problemas.append(f"fórmulas sin componer: {resultado['sin_componer']}")
    if resultado["errores_mathjax"]:
        problemas.append(f"MathJax marcó {resultado['errores_mathjax']} errores")
    if resultado["fuentes_fallidas"]:
        problemas.append(
            f"fuentes de MathJax sin cargar: {resultado['fuentes_fallidas']}"
        )
    if con_imagenes and not resultado["imagenes"]:
        problemas.append("se esperaban imágenes")
    if resultado["imagenes_rotas"]:
        problemas.append(f"imágenes sin cargar: {resultado['imagenes_rotas']}")
    ajenas, buscar, nombre = (
        (INTERFAZ_EN_INGLES, r"\bSearch\b", "inglés")
        if idioma == "es"
        else (INTERFAZ_EN_ESPANOL, r"\bBuscar\b", "español")
    )
    en_otro_idioma = [f for f in ajenas if f in resultado["texto"]]
    en_otro_idioma += [
        f"marcador de búsqueda {m!r}"
        for m in resultado["marcadores"]
        if m and re.search(buscar, m)
    ]
    if en_otro_idioma:
        problemas.append(f"interfaz en {nombre}: {en_otro_idioma}")
    for v in resultado.get("infracciones") or []:
        problemas.append(
            f"axe: {v['regla']} ({v['impacto']}, {v['nodos']} nodos): {v['ayuda']}; "
            f"p. ej. {', '.join(v['ejemplos'])}"
        )
    return [f"{pagina}: {p}" for p in problemas]


def _comprobar(resultado: dict, pagina: str, **opciones) -> None:
    problemas = _problemas(resultado, pagina, **opciones)
    assert not problemas, "\n".join(problemas)


def _paginas(libro: Path) -> list[str]:
    """Todas las páginas HTML de la edición española (``_static`` solo tiene
    plantillas; ``en/`` es la edición inglesa, que se mira en una muestra)."""
    return sorted(
        p.relative_to(libro).as_posix()
        for p in libro.rglob("*.html")
        if p.relative_to(libro).parts[0] not in ("_static", "en")
    )


def _ejemplo_de_galeria(libro: Path, con_formulas: bool = False) -> str:
    """Una página de ejemplo con figuras (y fórmulas, si se piden).

    La del diagrama desenrollado si cumple; si no, la primera por orden alfabético.
    """

    def cumple(p: Path) -> bool:
        html = p.read_text(encoding="utf-8")
        figuras = "sphx-glr-single-img" in html or "sphx-glr-multi-img" in html
        return figuras and (not con_formulas or 'class="math' in html)

    preferida = libro / "galeria" / "parte1_rnn" / "plot_02_rnn_desenrollada.html"
    candidatas = [preferida] if preferida.is_file() and cumple(preferida) else []
    candidatas += sorted(p for p in libro.glob("galeria/*/plot_*.html") if cumple(p))
    if not candidatas:
        pytest.fail("el libro no tiene ningún ejemplo con figuras")
    return candidatas[0].relative_to(libro).as_posix()


# ---------------------------------------------------------------------------- pruebas
def test_todas_las_paginas(servidor, chromium, axe, libro_construido):
    """Cada página del libro, sin red: fórmulas, imágenes, consola, idioma y axe-core."""
    paginas = _paginas(libro_construido)
    assert len(paginas) > 50, paginas
    problemas: list[str] = []
    informe: dict[str, list[dict]] = {}
    inicio = time.monotonic()
    for pagina in paginas:
        antes = time.monotonic()
        r = visitar(chromium, f"{servidor}/{pagina}", ESCRITORIO, axe=axe)
        informe[pagina] = {
            "segundos": round(time.monotonic() - antes, 2),
            "infracciones": r["infracciones"],
        }
        problemas += _problemas(r, pagina)
    INFORME_AXE.parent.mkdir(parents=True, exist_ok=True)
    INFORME_AXE.write_text(
        json.dumps(
            {
                "etiquetas": ETIQUETAS_WCAG,
                "segundos": round(time.monotonic() - inicio, 1),
                "paginas": informe,
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    assert not problemas, (
        f"{len(problemas)} problemas en {len(paginas)} páginas:\n"
        + "\n".join(problemas)
    )


PAGINAS = [
    # (página, nombre de la captura, ¿debe tener fórmulas?)
    ("index.html", "portada", False),
    ("introduccion.html", "introduccion", True),
    ("resumen_teorico.html", "resumen_teorico", True),
    ("ejercicios.html", "ejercicios", True),
]


@pytest.mark.parametrize(
    "pagina,captura,formulas", PAGINAS, ids=[p[1] for p in PAGINAS]
)
def test_pagina_en_escritorio(servidor, chromium, pagina, captura, formulas):
    r = visitar(chromium, f"{servidor}/{pagina}", ESCRITORIO, captura)
    _comprobar(r, pagina, con_formulas=formulas)
    assert r["ancho_documento"] <= r["ancho_ventana"] + 1, (
        f"{pagina}: desbordamiento horizontal"
    )


def test_ejemplo_de_galeria(servidor, chromium, libro_construido):
    pagina = _ejemplo_de_galeria(libro_construido)
    r = visitar(
        chromium,
        f"{servidor}/{pagina}",
        ESCRITORIO,
        "ejemplo_galeria",
        enfocar="img.sphx-glr-single-img, img.sphx-glr-multi-img",
    )
    _comprobar(r, pagina, con_imagenes=True)
    assert "Descargar el cuaderno de Jupyter" in r["texto"]


@pytest.mark.parametrize(
    "pagina",
    ["parte1.html", "resumen_teorico.html", None],
    ids=["parte1", "resumen_teorico", "ejemplo_galeria"],
)
def test_pagina_desde_el_disco(chromium, libro_construido, pagina):
    """El sitio descargado y abierto con doble clic (``file://``), sin red ninguna.

    Chromium trata cada archivo local como un origen opaco, pero MathJax no lo
    nota: sus componentes se cargan con etiquetas ``<script>`` (no con ``fetch``,
    que ``file://`` no permite) y las fuentes WOFF de ``@font-face`` se cargan
    desde el disco. Se comprueba que todas las fórmulas se componen sin error,
    que alguna fuente de MathJax se cargó y ninguna falló, y que la consola calla.
    """
    pagina = pagina or _ejemplo_de_galeria(libro_construido, con_formulas=True)
    nombre = "disco_" + Path(pagina).stem
    r = visitar(chromium, (libro_construido / pagina).as_uri(), ESCRITORIO, nombre)
    _comprobar(r, pagina, con_formulas=True)
    assert r["fuentes_mathjax"] > 0, f"{pagina}: sin fuentes de MathJax"


@pytest.mark.parametrize(
    "pagina",
    [
        "index.html",
        "introduccion.html",
        "resumen_teorico.html",
        "evaluacion.html",
        "glosario.html",
    ],
)
def test_pagina_en_movil(servidor, chromium, pagina):
    """A 390 px de ancho nada desborda la página: tablas y fórmulas se desplazan en su
    caja (y, si axe-core está instalado, con el teclado también)."""
    nombre = "movil_" + pagina.removesuffix(".html")
    r = visitar(chromium, f"{servidor}/{pagina}", MOVIL, nombre, axe=_codigo_axe())
    _comprobar(r, pagina)
    assert r["ancho_documento"] <= r["ancho_ventana"] + 1, (
        f"{pagina}: la página mide {r['ancho_documento']} px en una pantalla de {r['ancho_ventana']} px"
    )


def test_busqueda_en_espanol(servidor, chromium):
    """El buscador del libro, en el navegador, encuentra «puerta de olvido» en el glosario."""
    # La página muestra los resultados (la lista empieza a llenarse) y, con el índice ya
    # cargado, se piden al propio buscador de Sphinx todos los resultados de la consulta:
    # los mismos que la página va añadiendo de uno en uno. No se espera a que termine de
    # añadirlos porque, para cada uno, la página descarga su HTML para el resumen, y en
    # Chromium sin interfaz esa cadena se detuvo a veces (1 de cada 5-8 ejecuciones) a
    # mitad de la lista sin ningún error.
    esperar_resultados = r"""
    (async () => {
      for (let i = 0; i < 1200; i++) {
        // «Search» es una constante global de searchtools.js, no una propiedad de window.
        const lista = document.querySelector('#search-results ul.search');
        if (lista && lista.children.length > 0 && typeof Search !== 'undefined' && Search.hasIndex()) {
          const resultados = Search._performSearch(...Search._parseQuery('puerta de olvido'));
          return resultados.map(r => r[1]).join('\n');
        }
        await new Promise(r => setTimeout(r, 50));
      }
      return null;
    })()
    """
    r = visitar(
        chromium,
        f"{servidor}/search.html?q=puerta+de+olvido",
        ESCRITORIO,
        "busqueda_puerta_de_olvido",
        accion_js=esperar_resultados,
    )
    _comprobar(r, "search.html")
    assert r["accion"] is not None, "la página de búsqueda no mostró resultados"
    assert "Glosario" in r["accion"], (
        f"«puerta de olvido» no encontró el glosario: {r['accion']!r}"
    )
    assert "Resumen teórico" in r["accion"], r["accion"]


# ------------------------------------------------------------------ edición inglesa
def _edicion_inglesa(libro: Path) -> Path:
    """``_build/html/en``; sin ella, omitida (en la integración continua, un fallo:
    ``tareas.py libro`` siempre la construye)."""
    ingles = libro / "en"
    if not (ingles / "index.html").is_file():
        omitir_o_fallar(f"la edición inglesa ({ingles}) no está construida")
    return ingles


@pytest.mark.parametrize(
    "pagina",
    ["index.html", None, "api.html", "glosario.html"],
    ids=["portada", "ejemplo_galeria", "api", "glosario"],
)
def test_pagina_inglesa(servidor, chromium, libro_construido, pagina):
    """Una muestra de la edición inglesa, con lo mismo que las españolas: ``lang="en"``,
    fórmulas compuestas sin error, imágenes, consola sin errores, ninguna petición
    fallida (cada edición carga su propio ``_static``: todo lo pedido está bajo
    ``en/``), ninguna frase de la interfaz en español y, con axe-core, WCAG A y AA."""
    ingles = _edicion_inglesa(libro_construido)
    pagina = pagina or _ejemplo_de_galeria(ingles, con_formulas=True)
    ejemplo = pagina.startswith("galeria/")
    r = visitar(
        chromium,
        f"{servidor}/en/{pagina}",
        ESCRITORIO,
        "en_" + Path(pagina).stem,
        axe=_codigo_axe(),
    )
    formulas = pagina != "index.html"
    _comprobar(
        r, f"en/{pagina}", con_formulas=formulas, con_imagenes=ejemplo, idioma="en"
    )
    fuera = [
        u
        for u in r["pedidas"]
        if u.startswith(servidor) and not u.startswith(f"{servidor}/en/")
    ]
    assert not fuera, f"en/{pagina} pide archivos de la edición española: {fuera[:5]}"
    if formulas:
        assert r["fuentes_mathjax"] > 0, f"en/{pagina}: sin fuentes de MathJax"
    if ejemplo:
        assert "Download Jupyter notebook" in r["texto"]
        assert "The code, printed outputs and figures of this example" in r["texto"]


def seguir_el_cambio_de_idioma(puerto: int, url: str) -> dict:
    """Abre ``url`` con el JavaScript desactivado, hace clic en ``a.rnnbook-idioma`` y
    mide la página de partida y la de llegada (solo con el DOM: sin JavaScript).

    Devuelve ``{"antes": …, "despues": …, "errores": […]}``; cada medida tiene la
    ``url``, el ``idioma`` de ``<html lang>``, el ``modo`` (``data-mode``, que el
    tema pone en ``<html>`` con JavaScript: sin él, ``None``), cuántos ``<h1>``, ``<section>``,
    ``a.rnnbook-idioma``, fórmulas (``.math``) y fórmulas compuestas
    (``mjx-container``: sin JavaScript, ninguna).
    """
    cdp, pestana = _pestana_nueva(puerto)
    errores: list[str] = []

    def respuesta(p):
        if p["response"]["status"] >= 400:
            errores.append(f"HTTP {p['response']['status']}: {p['response']['url']}")

    cdp.manejadores["Network.responseReceived"] = respuesta

    def medir() -> tuple[dict, int]:
        raiz = cdp.orden("DOM.getDocument", depth=0)["root"]

        def contar(selector: str) -> int:
            return len(
                cdp.orden(
                    "DOM.querySelectorAll", nodeId=raiz["nodeId"], selector=selector
                )["nodeIds"]
            )

        html = cdp.orden("DOM.querySelector", nodeId=raiz["nodeId"], selector="html")
        atributos = cdp.orden("DOM.getAttributes", nodeId=html["nodeId"])["attributes"]
        atributos = dict(zip(atributos[::2], atributos[1::2]))
        medida = {
            "url": raiz["documentURL"],
            "idioma": atributos.get("lang"),
            # El tema lo pone con un <script> en línea en <head>: sin JavaScript, nada.
            "modo": atributos.get("data-mode"),
            "titulos": contar("h1"),
            "secciones": contar("section"),
            "enlaces": contar("a.rnnbook-idioma"),
            "formulas": contar(".math"),
            "compuestas": contar("mjx-container"),
        }
        return medida, raiz["nodeId"]

    def cargas() -> int:
        return sum(e.get("method") == "Page.loadEventFired" for e in cdp.eventos)

    try:
        for dominio in ("Page", "Network", "DOM"):
            cdp.orden(f"{dominio}.enable")
        cdp.orden("Emulation.setScriptExecutionDisabled", value=True)
        cdp.orden("Emulation.setDeviceMetricsOverride", **ESCRITORIO)
        cdp.orden("Page.bringToFront")
        cdp.orden("Page.navigate", url=url)
        cdp.esperar_evento("Page.loadEventFired", plazo=120)
        antes, documento = medir()
        enlace = cdp.orden(
            "DOM.querySelector", nodeId=documento, selector="a.rnnbook-idioma"
        )["nodeId"]
        assert enlace, f"{url}: no hay a.rnnbook-idioma"
        cdp.orden("DOM.scrollIntoViewIfNeeded", nodeId=enlace)
        caja = cdp.orden("DOM.getBoxModel", nodeId=enlace)["model"]["content"]
        x, y = sum(caja[0::2]) / 4, sum(caja[1::2]) / 4
        previas = cargas()
        cdp.orden("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        for tipo in ("mousePressed", "mouseReleased"):
            cdp.orden(
                "Input.dispatchMouseEvent",
                type=tipo,
                x=x,
                y=y,
                button="left",
                clickCount=1,
            )
        if cargas() == previas:
            cdp.esperar_evento("Page.loadEventFired", plazo=120)
        despues, _ = medir()
    finally:
        _cerrar_pestana(puerto, cdp, pestana)
    return {"antes": antes, "despues": despues, "errores": errores}


@pytest.mark.parametrize(
    "pagina",
    ["index.html", "en/glosario.html", None, "en/"],
    ids=["portada_es_en", "glosario_en_es", "ejemplo_es_en", "ejemplo_en_es"],
)
def test_cambio_de_idioma_sin_javascript(servidor, chromium, libro_construido, pagina):
    """El enlace ``a.rnnbook-idioma`` funciona sin JavaScript: un clic lleva a la misma
    página en la otra edición, con sus mismos títulos y secciones, en su idioma, y
    desde allí se puede volver (también tiene su enlace)."""
    _edicion_inglesa(libro_construido)
    if pagina in (None, "en/"):
        pagina = (pagina or "") + _ejemplo_de_galeria(
            libro_construido, con_formulas=True
        )
    if pagina.startswith("en/"):
        origen, llegada = "en", "es"
        esperada = pagina.removeprefix("en/")
    else:
        origen, llegada = "es", "en"
        esperada = f"en/{pagina}"
    r = seguir_el_cambio_de_idioma(chromium, f"{servidor}/{pagina}")
    antes, despues = r["antes"], r["despues"]
    assert not r["errores"], r["errores"]
    assert antes["idioma"] == origen, antes
    # Sin JavaScript de verdad: ni el tema ni MathJax tocaron la página.
    assert antes["modo"] is None and despues["modo"] is None, (antes, despues)
    assert antes["compuestas"] == despues["compuestas"] == 0, (antes, despues)
    assert despues["url"] == f"{servidor}/{esperada}", (pagina, despues["url"])
    assert despues["idioma"] == llegada, despues
    assert despues["enlaces"] == antes["enlaces"] == 1, (antes, despues)
    for clave in ("titulos", "secciones", "formulas"):
        assert despues[clave] == antes[clave], (clave, antes, despues)
