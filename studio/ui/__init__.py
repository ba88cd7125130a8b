"""Front-end glue: the one place in studio/ that imports streamlit or gradio."""
