from ..helper import help_me
SUB_RESULT = help_me() + ' via sub'
