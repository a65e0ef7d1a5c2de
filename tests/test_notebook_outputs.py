"""innovlib.notebook_outputs: what an executed notebook shows that a reader should not see."""

from __future__ import annotations

from innovlib.notebook_outputs import stray_outputs


def _cell(*outputs):
    return {"cell_type": "code", "source": "", "outputs": list(outputs)}


def test_stray_outputs_on_a_hand_made_notebook():
    table = {"output_type": "display_data", "data": {"text/html": "<table>" + "x" * 300 + "</table>",
                                                     "text/plain": "table"}}
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "# Title"},
        _cell({"output_type": "stream", "name": "stderr",
               "text": "/tmp/ipykernel_1/1.py:10: Pandas4Warning: The 'lsuffix' keyword is deprecated\n"}),
        _cell({"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure size 800x450>"}}),
        _cell({"output_type": "execute_result", "data": {"text/plain": "<Axes: title={'center': 'x'}>"}}),
        _cell({"output_type": "stream", "name": "stdout", "text": "Screened out: ['Philadelphia']\n"}),
        _cell(table),
        _cell(dict(table, output_type="execute_result")),
        _cell({"output_type": "display_data", "data": {"text/markdown": "Shenzhen is **2nd**.",
                                                       "text/plain": "<IPython.core.display.Markdown object>"}}),
        _cell({"output_type": "stream", "name": "stdout", "text": "FutureWarning: use observed=True\n"}),
        _cell({"output_type": "error", "ename": "KeyError", "evalue": "'Tokyo'", "traceback": []}),
        _cell({"output_type": "execute_result", "data": {"text/plain": "np.float64(14.3)"}}),
    ]}
    assert stray_outputs(notebook) == [
        "cell 1: stderr: /tmp/ipykernel_1/1.py:10: Pandas4Warning: The 'lsuffix' keyword is deprecated",
        "cell 3: object repr: <Axes: title={'center': 'x'}>",
        "cell 4: object repr: ['Philadelphia']",
        "cell 6: shown twice (also cell 5)",
        "cell 8: warning: FutureWarning: use observed=True",
        "cell 9: error: KeyError: 'Tokyo'",
        "cell 10: object repr: np.float64(",
    ]


def test_stray_outputs_of_a_clean_notebook_is_empty():
    notebook = {"cells": [_cell({"output_type": "display_data",
                                 "data": {"image/png": "iVBOR", "text/plain": "<Figure size 800x450 with 1 Axes>"}}),
                          _cell({"output_type": "stream", "name": "stdout", "text": "35 clusters\n"}),
                          _cell({"output_type": "display_data", "data": {"text/markdown": "Tokyo is **1st**.",
                                                                         "text/plain": "<Markdown object>"}})]}
    assert stray_outputs(notebook) == []
