"""The seed datasets built from shared/data/ (see its SOURCES.md)."""

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
