"""Discovery beyond the anchors: who knows about a subject (`finder`, over the expertise that
`expertise` computes ahead from topics, titles and abstracts), which members work closest to a
member (`similar`), and whom a member writes with (`network`). The words both sides compare
come from `terms`."""
