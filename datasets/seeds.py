"""The seed datasets built from shared/data/ (see its SOURCES.md)."""

import json

RETRIEVED = "2026-11-24"

SEEDS = [
    {
        "slug": "usgs-mcs2025-minerals", "file": "minerals_production.csv", "group": "production",
        "title": "Mine production and reserves by country, 2023–2024 (USGS MCS 2025)",
        "description": "World mine production and reserves of the critical minerals and Latin American producers, one row per country, measure and year. 2024 values are estimates; reserves are on the 2024 row only; read reserves_unit; production_flag W = withheld, reserves_flag keeps '>' and 'NA'.",
        "source": "U.S. Geological Survey, Mineral Commodity Summaries 2025, world mine production and reserves tables (data release MCS2025_World_Data.csv).",
        "licence": "Public domain (works of the U.S. Government, 17 U.S.C. §105); credit 'U.S. Geological Survey' requested.",
    },
    {
        "slug": "usgs-mcs2025-world-extract", "file": "usgs_mcs2025_world_extract.csv", "group": "production_extract",
        "title": "USGS MCS 2025 world data, verbatim extract",
        "description": "The source lines of MCS2025_World_Data.csv for the commodities used, with the same header and spelling.",
        "source": "U.S. Geological Survey, Mineral Commodity Summaries 2025, MCS2025_World_Data.csv.",
        "licence": "Public domain (works of the U.S. Government, 17 U.S.C. §105); credit 'U.S. Geological Survey' requested.",
    },
    {
        "slug": "iea-2021-mineral-intensity", "file": "energy_transition.csv", "group": "energy_transition",
        "title": "Mineral intensity of clean-energy technologies (IEA 2021)",
        "description": "Minerals per vehicle and per MW, demand outlook and supply concentration, as reproduced from the IEA report; see the source and confidence columns of each row.",
        "source": "IEA (2021), The Role of Critical Minerals in Clean Energy Transitions, World Energy Outlook Special Report, Paris; figures read in the reproductions named per row.",
        "licence": "© IEA, all rights reserved (iea.org/t&c); individual numeric facts reused with attribution.",
    },
    {
        "slug": "cochilco-water-energy", "file": "water_energy_mining.csv", "group": "water_energy",
        "title": "Water and energy use in Chilean copper mining (Cochilco)",
        "description": "National flows (m3/s, TJ) and shares, not per tonne; projections are labelled as such.",
        "source": "Comisión Chilena del Cobre (Cochilco), annual reports on water and energy use in copper mining (report codes per row).",
        "licence": "Chilean government reports (Registro de Propiedad Intelectual); facts reused with attribution to Cochilco.",
    },
]

# Column labels per language, written as HDF5 attributes (label_<lang>) on each
# column of the seed datasets; charts and tables use them for axes and headers.
# ``units_column`` names the column holding each row's unit: a chart whose rows
# share one unit shows it after the label.
COLUMN_LABELS = {
    "commodity": {"es": "mineral", "pt": "mineral", "en": "commodity", "fr": "substance"},
    "mineral": {"es": "mineral", "pt": "mineral", "en": "mineral", "fr": "minéral"},
    "measure": {"es": "medida", "pt": "medida", "en": "measure", "fr": "mesure"},
    "country": {"es": "país", "pt": "país", "en": "country", "fr": "pays"},
    "year": {"es": "año", "pt": "ano", "en": "year", "fr": "année"},
    "production": {"es": "producción minera", "pt": "produção mineira", "en": "mine production", "fr": "production minière"},
    "production_flag": {"es": "nota de producción", "pt": "nota de produção", "en": "production flag", "fr": "note de production"},
    "unit": {"es": "unidad", "pt": "unidade", "en": "unit", "fr": "unité"},
    "estimated": {"es": "estimado", "pt": "estimado", "en": "estimated", "fr": "estimé"},
    "reserves": {"es": "reservas", "pt": "reservas", "en": "reserves", "fr": "réserves"},
    "reserves_flag": {"es": "nota de reservas", "pt": "nota de reservas", "en": "reserves flag", "fr": "note de réserves"},
    "reserves_unit": {"es": "unidad de reservas", "pt": "unidade de reservas", "en": "reserves unit", "fr": "unité des réserves"},
    "latam_caribbean": {"es": "América Latina y el Caribe", "pt": "América Latina e Caribe", "en": "Latin America and the Caribbean",
                        "fr": "Amérique latine et Caraïbes"},
    "source": {"es": "fuente", "pt": "fonte", "en": "source", "fr": "source"},
    "source_type": {"es": "tipo de fuente", "pt": "tipo de fonte", "en": "source type", "fr": "type de source"},
    "notes": {"es": "notas", "pt": "notas", "en": "notes", "fr": "notes"},
    "topic": {"es": "tema", "pt": "tema", "en": "topic", "fr": "thème"},
    "technology": {"es": "tecnología", "pt": "tecnologia", "en": "technology", "fr": "technologie"},
    "value": {"es": "valor", "pt": "valor", "en": "value", "fr": "valeur"},
    "basis": {"es": "base de cálculo", "pt": "base de cálculo", "en": "basis", "fr": "base de calcul"},
    "confidence": {"es": "confianza", "pt": "confiança", "en": "confidence", "fr": "confiance"},
    "indicator": {"es": "indicador", "pt": "indicador", "en": "indicator", "fr": "indicateur"},
}
UNITS_COLUMN = {"production": "unit", "value": "unit", "reserves": "reserves_unit"}
LABELS_VERSION = "2"


def label_columns(group) -> None:
    """Write label_<lang> (and units_column) attributes on the columns of an h5py table group."""
    for name in group:
        labels = COLUMN_LABELS.get(name)
        for lang, text in (labels or {}).items():
            group[name].attrs[f"label_{lang}"] = text
        if name in UNITS_COLUMN and UNITS_COLUMN[name] in group:
            group[name].attrs["units_column"] = UNITS_COLUMN[name]
    label_unit_values(group)

# The units written in the seed files, per language: stored as a JSON attribute
# ``values_<lang>`` on the unit columns so a chart says "toneladas métricas".
UNIT_LABELS = {
    "metric tons": {"es": "toneladas métricas", "pt": "toneladas métricas", "en": "metric tons", "fr": "tonnes métriques"},
    "metric tons (REO)": {"es": "toneladas métricas (ETR)", "pt": "toneladas métricas (ETR)", "en": "metric tons (REO)",
                          "fr": "tonnes métriques (ETR)"},
    "thousand metric tons": {"es": "miles de toneladas métricas", "pt": "milhares de toneladas métricas",
                             "en": "thousand metric tons", "fr": "milliers de tonnes métriques"},
    "thousand metric dry tons": {"es": "miles de toneladas métricas secas", "pt": "milhares de toneladas métricas secas",
                                 "en": "thousand metric dry tons", "fr": "milliers de tonnes métriques sèches"},
    "million metric tons (crude ore)": {"es": "millones de toneladas métricas (mineral bruto)",
                                        "pt": "milhões de toneladas métricas (minério bruto)",
                                        "en": "million metric tons (crude ore)", "fr": "millions de tonnes métriques (minerai brut)"},
    "million metric tons (iron content)": {"es": "millones de toneladas métricas (contenido de hierro)",
                                           "pt": "milhões de toneladas métricas (teor de ferro)",
                                           "en": "million metric tons (iron content)",
                                           "fr": "millions de tonnes métriques (teneur en fer)"},
    "million tonnes": {"es": "millones de toneladas", "pt": "milhões de toneladas", "en": "million tonnes", "fr": "millions de tonnes"},
    "kg per vehicle": {"es": "kg por vehículo", "pt": "kg por veículo", "en": "kg per vehicle", "fr": "kg par véhicule"},
    "kg per MW": {"es": "kg por MW", "pt": "kg por MW", "en": "kg per MW", "fr": "kg par MW"},
    "kg per battery (approx.)": {"es": "kg por batería (aprox.)", "pt": "kg por bateria (aprox.)", "en": "kg per battery (approx.)",
                                 "fr": "kg par batterie (env.)"},
    "kg per pack (approx.)": {"es": "kg por paquete (aprox.)", "pt": "kg por pacote (aprox.)", "en": "kg per pack (approx.)",
                              "fr": "kg par pack (env.)"},
    "m3/s": {"es": "m³/s", "pt": "m³/s", "en": "m³/s", "fr": "m³/s"},
    "TJ": {"es": "TJ", "pt": "TJ", "en": "TJ", "fr": "TJ"},
    "percent": {"es": "por ciento", "pt": "por cento", "en": "percent", "fr": "pour cent"},
    "percent of world": {"es": "% del total mundial", "pt": "% do total mundial", "en": "percent of world", "fr": "% du total mondial"},
    "percent of total demand": {"es": "% de la demanda total", "pt": "% da demanda total", "en": "percent of total demand",
                                "fr": "% de la demande totale"},
    "percent increase since 2010": {"es": "% de aumento desde 2010", "pt": "% de aumento desde 2010",
                                    "en": "percent increase since 2010", "fr": "% d'augmentation depuis 2010"},
    "times (factor)": {"es": "veces (factor)", "pt": "vezes (fator)", "en": "times (factor)", "fr": "fois (facteur)"},
    "times (ratio)": {"es": "veces (razón)", "pt": "vezes (razão)", "en": "times (ratio)", "fr": "fois (rapport)"},
}


def label_unit_values(group) -> None:
    """Write values_<lang> (JSON: unit as written → unit in that language) on the unit columns."""
    for name in set(UNITS_COLUMN.values()):
        if name not in group:
            continue
        for lang in ("es", "pt", "en", "fr"):
            group[name].attrs[f"values_{lang}"] = json.dumps({unit: labels[lang] for unit, labels in UNIT_LABELS.items()},
                                                              ensure_ascii=False)
