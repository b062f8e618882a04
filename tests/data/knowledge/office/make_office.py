#!/usr/bin/env python3
"""Writes the small Word (DOCX) and OpenDocument (ODT) test documents beside this script.

Hand-written XML in the parts each format needs (Word and LibreOffice open both), so the tests
know exactly which headings, lists, tables and tricky text (deleted revisions, text:s spaces,
mc:Fallback copies) they contain. Run again after editing: python3 make_office.py
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_TIME = (2026, 1, 1, 0, 0, 0)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def write_zip(path, parts, stored_first=None):
    with zipfile.ZipFile(path, "w") as z:
        if stored_first:
            name, data = stored_first
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, data)
        for name, data in parts:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def para(text, style=None, numbered=False):
    ppr = ""
    if style or numbered:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if numbered:
            ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        ppr += "</w:pPr>"
    return f"<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def cell(text):
    return f"<w:tc>{para(text)}</w:tc>"


def docx():
    body = "".join([
        para("Contrato de Prestação de Serviços de Transporte", "Ttulo"),
        para("Cláusula 1 – Objeto", "Ttulo1"),
        para("A Transportadora Rápida Ltda. realiza a coleta e a entrega das mercadorias da "
             "Contratante em todo o território nacional."),
        para("Cláusula 2 – Prazos de entrega", "Ttulo1"),
        para("Capitais: até 3 dias úteis.", numbered=True),
        para("Interior: até 7 dias úteis.", numbered=True),
        # A revision: the deleted text must not be indexed.
        "<w:p><w:r><w:t xml:space=\"preserve\">A multa por atraso é de </w:t></w:r>"
        "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>5%</w:delText></w:r></w:del>"
        "<w:r><w:t>2% do valor do frete por dia de atraso.</w:t></w:r></w:p>",
        para("Tabela de preços", "Ttulo2"),
        "<w:tbl>"
        f"<w:tr>{cell('Região')}{cell('Preço por kg')}</w:tr>"
        f"<w:tr>{cell('Sudeste')}{cell('R$ 1,20')}</w:tr>"
        f"<w:tr>{cell('Norte')}{cell('R$ 2,75')}</w:tr>"
        "</w:tbl>",
        # A text box as Word writes it: the fallback repeats the choice's text.
        f"<w:p><w:r><mc:AlternateContent {MC}><mc:Choice Requires=\"wps\">"
        "<w:t>Vigência de 12 meses.</w:t></mc:Choice><mc:Fallback>"
        "<w:t>Vigência de 12 meses.</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>",
    ])
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f"<w:document {W}><w:body>{body}</w:body></w:document>")
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {W}>'
              '<w:style w:type="paragraph" w:styleId="Ttulo"><w:name w:val="Title"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Ttulo1"><w:name w:val="heading 1"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Ttulo2"><w:name w:val="heading 2"/></w:style>'
              "</w:styles>")
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>")
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                "</Relationships>")
    write_zip(os.path.join(HERE, "contrato_transporte.docx"),
              [("[Content_Types].xml", content_types), ("_rels/.rels", rels),
               ("word/_rels/document.xml.rels", doc_rels), ("word/document.xml", document),
               ("word/styles.xml", styles)])


def odt():
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
    body = (
        '<text:h text:outline-level="1">Manual de Integração com o ERP</text:h>'
        '<text:p>O conector sincroniza pedidos a cada<text:s text:c="2"/>15 minutos.</text:p>'
        '<text:h text:outline-level="2">Requisitos</text:h>'
        "<text:list><text:list-item><text:p>Usuário de serviço com permissão de leitura."
        "</text:p></text:list-item><text:list-item><text:p>Porta 8443 liberada no firewall."
        "</text:p></text:list-item></text:list>"
        '<text:h text:outline-level="2">Códigos de erro</text:h>'
        "<table:table><table:table-row><table:table-cell><text:p>E101</text:p></table:table-cell>"
        "<table:table-cell><text:p>Token expirado: gere um novo token de integração.</text:p>"
        "</table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>E202"
        "</text:p></table:table-cell><table:table-cell><text:p>Pedido duplicado no ERP.</text:p>"
        "</table:table-cell></table:table-row></table:table>"
        "<text:p>Dúvidas: <text:span>suporte@exemplo.com.br</text:span><text:note><text:note-body>"
        "<text:p>Nota de rodapé que não entra.</text:p></text:note-body></text:note></text:p>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ns} '
               f'office:version="1.3"><office:body><office:text>{body}</office:text>'
               "</office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    write_zip(os.path.join(HERE, "manual_integracao.odt"),
              [("content.xml", content), ("META-INF/manifest.xml", manifest)],
              stored_first=("mimetype", "application/vnd.oasis.opendocument.text"))


def hostile():
    """Archives that must be refused: a zip bomb, an encrypted part, another kind of ODF."""
    write_zip(os.path.join(HERE, "bomb.docx"),
              [("word/document.xml", "<w:document " + W + "><w:body>" + " " * (80 << 20)
                + "</w:body></w:document>")])
    # An encrypted entry: the general-purpose flag's bit 0 set in both headers.
    path = os.path.join(HERE, "encrypted.docx")
    write_zip(path, [("word/document.xml", "<w:document " + W + "/>")])
    data = bytearray(open(path, "rb").read())
    data[6] |= 1  # local file header
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 1
    open(path, "wb").write(bytes(data))
    write_zip(os.path.join(HERE, "planilha.ods"), [("content.xml", "<x/>")],
              stored_first=("mimetype", "application/vnd.oasis.opendocument.spreadsheet"))


if __name__ == "__main__":
    docx()
    odt()
    hostile()
