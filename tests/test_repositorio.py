"""Los enlaces al repositorio de cada página (docs/_ext/repositorio.py)."""

from __future__ import annotations

import os
import re
import subprocess
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import RAIZ, omitir_o_fallar

EDITAR = re.compile(r'href="https://github\.com/([^/"]+/[^/"]+)/edit/([^/"]+)/([^"]+)"')
INFORME = re.compile(r'href="(https://github\.com/[^"]+/issues/new\?[^"]+)"')


def _paginas(libro):
    return [
        p
        for p in sorted(libro.rglob("*.html"))
        if "_static" not in p.parts
        and "_downloads" not in p.parts
        and p.relative_to(libro).parts[0] != "en"
    ]


#: Cada edición: su carpeta dentro del sitio y sus textos.
EDICIONES = {
    "es": ("", "Informar de un error", "Repositorio", "Error en la página {}"),
    "en": ("en/", "Report an error", "Repository", "Error on page {}"),
}


@pytest.mark.parametrize("edicion", sorted(EDICIONES))
def test_botones_del_libro_construido(libro_construido, edicion):
    """Con la variable (la integración continua la define): botones en todas las
    páginas de las dos ediciones, y «Editar» abre el archivo que produce la página
    (el mismo en las dos). Sin ella: ninguno."""
    prefijo, informar, repositorio, titulo = EDICIONES[edicion]
    libro_construido = libro_construido / prefijo if prefijo else libro_construido
    if not (libro_construido / "index.html").is_file():
        omitir_o_fallar(f"no existe la edición {edicion!r} del libro")
    repo = os.environ.get("RNNBOOK_REPOSITORIO", "").strip()
    paginas = _paginas(libro_construido)
    assert len(paginas) > 40
    con_grupo = [p for p in paginas if "dropdown-repositorio" in p.read_text("utf-8")]
    if not repo:
        assert con_grupo == [], "sin RNNBOOK_REPOSITORIO no debe haber botones"
        return
    assert len(con_grupo) == len(paginas), (
        f"sin botones: {sorted(set(map(str, paginas)) - set(map(str, con_grupo)))[:5]}"
    )
    versionados = set(
        subprocess.run(
            ["git", "ls-files"], cwd=RAIZ, capture_output=True, text=True, check=True
        ).stdout.split()
    )
    editadas = 0
    for pagina in paginas:
        html = pagina.read_text("utf-8")
        relativa = pagina.relative_to(libro_construido).with_suffix("").as_posix()
        assert informar in html and repositorio in html
        informes = INFORME.findall(html)
        assert len(informes) == 1, pagina
        consulta = parse_qs(urlsplit(unescape(informes[0])).query)
        assert consulta["title"] == [titulo.format(f"/{prefijo}{relativa}.html")]
        ediciones = EDITAR.findall(html)
        if relativa.startswith(
            ("_modules/", "genindex", "search", "py-modindex")
        ) or relativa.endswith("sg_execution_times"):
            assert ediciones == [], pagina
            continue
        if relativa.startswith("gen_modules/"):
            continue
        assert len(ediciones) == 1, f"{pagina}: sin «Editar esta página»"
        (dueno, rama, ruta) = ediciones[0]
        assert dueno == repo
        assert ruta in versionados, f"{pagina}: edita {ruta}, que git no conoce"
        if relativa.startswith("galeria/") and "/plot_" in relativa:
            assert ruta == f"gallery/{relativa.removeprefix('galeria/')}.py"
        elif not relativa.startswith("galeria/"):
            assert ruta.startswith("docs/")
        editadas += 1
    assert editadas > 40
