

# leading comment

x = 1  # trailing comment

   
    # indented comment
	
y = 2

