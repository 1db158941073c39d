"""Hostile and edge-case files are refused with a message; good ones are described."""

import h5py
import numpy as np
import pytest

from datasets.hdf5 import DatasetRefused, csv_to_hdf5, inspect_hdf5, parse_csv


def refused(path) -> str:
    with pytest.raises(DatasetRefused) as error:
        inspect_hdf5(str(path))
    return str(error.value)


def test_good_file_structure_is_recorded(tmp_path):
    path = tmp_path / "good.h5"
    with h5py.File(path, "w") as h5:
        h5.attrs["source"] = "USGS"
        g = h5.create_group("production")
        g.create_dataset("year", data=np.array([2023.0, 2024.0]))
        g.create_dataset("country", data=np.array(["Chile", "Perú"], dtype=object), dtype=h5py.string_dtype())
        g["year"].attrs["units"] = "year"
    structure = inspect_hdf5(str(path))
    assert structure["attrs"] == {"source": "USGS"}
    assert {d["path"]: d["dtype"] for d in structure["datasets"]} == {"/production/country": "string", "/production/year": "float64"}
    assert structure["table"] == {"group": "/production", "columns": ["country", "year"], "rows": 2}


def test_external_link_is_refused(tmp_path):
    with h5py.File(tmp_path / "evil.h5", "w") as h5:
        h5["leak"] = h5py.ExternalLink("/etc/passwd", "/")
    assert "external link" in refused(tmp_path / "evil.h5")


def test_soft_link_pointing_outside_is_refused(tmp_path):
    with h5py.File(tmp_path / "soft.h5", "w") as h5:
        h5.create_dataset("data", data=[1, 2])
        h5["inside"] = h5py.SoftLink("/data")
        h5["outside"] = h5py.SoftLink("/nowhere/../../x")
    assert "outside" in refused(tmp_path / "soft.h5") or "not in this file" in refused(tmp_path / "soft.h5")


def test_dangling_soft_link_is_refused_but_inside_link_is_fine(tmp_path):
    with h5py.File(tmp_path / "ok.h5", "w") as h5:
        h5.create_dataset("data", data=[1, 2])
        h5["alias"] = h5py.SoftLink("/data")
    assert inspect_hdf5(str(tmp_path / "ok.h5"))["links"] == [{"path": "/alias", "target": "/data"}]
    with h5py.File(tmp_path / "dangling.h5", "w") as h5:
        h5["alias"] = h5py.SoftLink("/missing")
    assert "not in this file" in refused(tmp_path / "dangling.h5")


def test_virtual_dataset_is_refused(tmp_path):
    with h5py.File(tmp_path / "src.h5", "w") as h5:
        h5.create_dataset("data", data=np.arange(10))
    layout = h5py.VirtualLayout(shape=(10,), dtype="i8")
    layout[:] = h5py.VirtualSource(str(tmp_path / "src.h5"), "data", shape=(10,))
    with h5py.File(tmp_path / "vds.h5", "w") as h5:
        h5.create_virtual_dataset("v", layout)
    assert "virtual dataset" in refused(tmp_path / "vds.h5")


def test_huge_declared_shape_in_tiny_file_is_refused(tmp_path):
    path = tmp_path / "huge.h5"
    with h5py.File(path, "w") as h5:
        h5.create_dataset("big", shape=(2 * 1024**3 // 8,), dtype="f8")  # 2 GB, never written
    assert path.stat().st_size < 10_000
    message = refused(path)
    assert "/big declares 2.0 GB" in message


def test_gzip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.h5"
    with h5py.File(path, "w") as h5:
        ds = h5.create_dataset("zeros", shape=(25_000_000,), dtype="f8", chunks=(1_000_000,), compression="gzip", compression_opts=9)
        for start in range(0, 25_000_000, 1_000_000):
            ds[start:start + 1_000_000] = 0.0
    assert path.stat().st_size < 2_000_000
    assert "compression bomb" in refused(path)


def test_oversized_chunks_are_refused(tmp_path):
    path = tmp_path / "chunks.h5"
    with h5py.File(path, "w") as h5:
        h5.create_dataset("c", shape=(4_000_000,), dtype="f8", chunks=(4_000_000,), compression="gzip")
    assert "chunks of" in refused(path)


def test_text_file_renamed_h5_is_refused(tmp_path):
    path = tmp_path / "notes.h5"
    path.write_text("country,production\nChile,5300\n")
    assert "not an HDF5 file" in refused(path)


def test_csv_keeps_flags_as_text_and_blanks_as_nan(tmp_path):
    data = "country,production,production_flag,reserves_flag\nChile,5300,,>\nUnited States,,W,NA\n".encode()
    structure = csv_to_hdf5(data, tmp_path / "out.h5")
    assert structure["table"]["columns"] == ["country", "production", "production_flag", "reserves_flag"]
    with h5py.File(tmp_path / "out.h5") as h5:
        assert list(h5["table/production_flag"].asstr()[:]) == ["", "W"]
        assert list(h5["table/reserves_flag"].asstr()[:]) == [">", "NA"]
        production = h5["table/production"][:]
        assert production.dtype == np.float64 and production[0] == 5300 and np.isnan(production[1])


def test_csv_mixed_numeric_column_is_refused_with_row():
    data = b"year,value\n2020,1\n2021,2\n2022,>40\n"
    with pytest.raises(DatasetRefused, match=r"row 4, column 'value': '>40' is not a number"):
        parse_csv(data, "water.csv")


def test_csv_bad_encoding_names_byte_offset():
    data = "country,value\nPer".encode() + b"\xfa,1\n"
    with pytest.raises(DatasetRefused, match=r"water.csv is not valid UTF-8: byte 0xfa at byte offset 17 \(line 2\)"):
        parse_csv(data, "water.csv")


def test_csv_ragged_row_and_duplicate_header():
    with pytest.raises(DatasetRefused, match="row 3: 1 cells, but the header has 2"):
        parse_csv(b"a,b\n1,2\n3\n")
    with pytest.raises(DatasetRefused, match="appears twice"):
        parse_csv(b"a,a\n1,2\n")
