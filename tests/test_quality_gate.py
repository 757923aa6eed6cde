"""The corpus quality gate: each shape, parsed through noisy variants, keeps its pinned floor."""

from eval_gate import VARIANTS, floors, report, scores


def test_every_shape_keeps_its_floor():
    found, pinned = scores(), floors()
    below = [
        f"{shape}/{variant}: {found[shape][variant]:.3f} < {floor:.3f}"
        for shape, by_variant in pinned.items()
        for variant, floor in by_variant.items()
        if found.get(shape, {}).get(variant, 0.0) < floor
    ]
    assert not below, "\n".join(below) + "\n\n" + report(found)


def test_every_shape_and_variant_has_a_floor():
    found, pinned = scores(), floors()
    assert {(s, v) for s in found for v in VARIANTS} <= {(s, v) for s, by in pinned.items() for v in by}
